package io.reactiveaudio.examples.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/** The garbage collectors of this JVM and what they did so far, as the commands report it. Stateless. */
final class GcStats {

    private GcStats() {
    }

    /** The collectors' names, joined by {@code " + "}. */
    static String names() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
    }

    /** Collections so far, every collector together. */
    static long count() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionCount())).sum();
    }

    /** Milliseconds spent collecting so far (pauses, and concurrent work some collectors count too). */
    static long millis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }
}
