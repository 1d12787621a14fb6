package io.reactiveaudio.examples.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The memory and CPU time this process uses, as the commands report it. Stateless. */
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

    /** CPU time used by this process so far (every thread, the JVM's own included), in nanoseconds; -1 if unknown. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
