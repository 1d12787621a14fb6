package io.reactiveaudio.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory this process uses, as the commands report it. Stateless. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Peak resident set size of this process in MiB (VmHWM, Linux), or -1 where /proc is missing. */
    static long peakRssMegabytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
