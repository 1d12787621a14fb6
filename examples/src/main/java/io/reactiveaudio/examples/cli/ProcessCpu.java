package io.reactiveaudio.examples.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU time this process has used, all threads and the JVM's own (GC, JIT) together: unlike
 * wall-clock time, it hardly changes when other processes share the cores. Stateless.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU nanoseconds used by this process so far, or 0 where the JVM does not report it. */
    static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(sun.getProcessCpuTime(), 0);
        }
        return 0;
    }
}
