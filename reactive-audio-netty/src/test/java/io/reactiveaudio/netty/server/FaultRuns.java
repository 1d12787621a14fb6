package io.reactiveaudio.netty.server;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How much the fault tests inject: a short run by default (CI), the long run of
 * docs/reliability.md with {@code -Dfaults.long=true}; {@code -Dfaults.seed=N} changes the seed
 * every test draws its random choices from. Each test prints its figures on one line starting
 * with {@code [faults]}.
 */
final class FaultRuns {

    /** Whether this is the long run. */
    static final boolean LONG = Boolean.getBoolean("faults.long");

    private FaultRuns() {
    }

    /** {@code ci} in a short run, {@code longRun} in the long one. */
    static int count(int ci, int longRun) {
        return LONG ? longRun : ci;
    }

    /** The seed of a test's random choices: {@code -Dfaults.seed}, or {@code fallback}. */
    static long seed(long fallback) {
        return Long.getLong("faults.seed", fallback);
    }

    /**
     * Prints one line of figures, formatted as {@link String#format} with the root locale, and
     * the machine's load average over the last minute (rates mean little without it).
     */
    static void report(String format, Object... args) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.println("[faults] " + String.format(Locale.ROOT, format, args)
                + String.format(Locale.ROOT, " load_1min=%.1f", load));
    }
}
