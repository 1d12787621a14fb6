package io.reactiveaudio.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The highest anonymous (heap, direct buffers, stacks) and file-backed (mapped files, the JVM's
 * own code) resident memory of this process, in kB, over the moments {@link #sample()} was
 * called. The kernel keeps a peak of the whole resident set only (VmHWM), so the two parts are
 * read from {@code /proc/self/status} (RssAnon, RssFile) at each sample: a peak between two
 * samples is missed. On a system without {@code /proc} both stay -1. Not thread-safe.
 */
final class RssPeaks {

    private static final Path STATUS = Path.of("/proc/self/status");

    private long anonKilobytes = -1;
    private long fileKilobytes = -1;

    /** Reads the current anonymous and file-backed resident sizes and keeps the larger of each. */
    void sample() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("RssAnon:")) {
                    anonKilobytes = Math.max(anonKilobytes, kilobytes(line));
                } else if (line.startsWith("RssFile:")) {
                    fileKilobytes = Math.max(fileKilobytes, kilobytes(line));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: the peaks stay unknown (-1)
        }
    }

    /** The anonymous peak in MiB, or -1 if never read. */
    long anonMegabytes() {
        return anonKilobytes < 0 ? -1 : anonKilobytes / 1024;
    }

    /** The file-backed peak in MiB, or -1 if never read. */
    long fileMegabytes() {
        return fileKilobytes < 0 ? -1 : fileKilobytes / 1024;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
