package io.reactiveaudio.examples.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this JVM's garbage collector will copy the shuffle window's segments, and the setting
 * that stops it. G1 allocates an array of at least half a heap region (a "humongous" object) in
 * regions of its own, never moved; a smaller one starts in the young generation and is copied by
 * every young collection until it is promoted. A window of 1 000 segments of 196 608 stereo frames
 * (1.5 MB each, under half of the 4 MB regions G1 picks for a 6 GB heap) is 1.5 GB copied while the
 * window fills, on heap pages the JVM touches for the first time: seconds of pauses in a 200-batch
 * run. Stateless; reads the JVM's flags through JMX.
 */
final class WindowGcAdvice {

    /** Windows smaller than this (bytes) are not worth a JVM setting. */
    static final long MIN_WINDOW_BYTES = 256L << 20;
    private static final long MAX_REGION_BYTES = 32L << 20;
    private static final long MIN_REGION_BYTES = 1L << 20;

    private WindowGcAdvice() {
    }

    /**
     * The advice for a window of {@code segments} arrays of {@code segmentBytes} bytes each, or empty
     * when the collector is not G1, the segments are humongous already, or the window is small.
     */
    static Optional<String> of(long segmentBytes, int segments) {
        long region = g1RegionBytes();
        if (region == 0 || segmentBytes * segments < MIN_WINDOW_BYTES || segmentBytes >= region / 2) {
            return Optional.empty();
        }
        long suggested = regionFor(segmentBytes);
        if (suggested == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the shuffle window's %d segments of %.1f MB are under half"
                        + " of G1's %d MB heap regions, so young collections copy them while the window fills;"
                        + " -XX:G1HeapRegionSize=%dm allocates each as a humongous object that is never copied"
                        + " (docs/pipeline.md, \"The JVM under a large window\")",
                segments, segmentBytes / 1048576.0, region >> 20, suggested >> 20));
    }

    /**
     * The largest power-of-two region (1 to 32 MB) of which {@code segmentBytes} is at least half,
     * or 0 when even 1 MB regions leave the segment small (under 512 KB).
     */
    static long regionFor(long segmentBytes) {
        long region = MAX_REGION_BYTES;
        while (region >= MIN_REGION_BYTES) {
            if (segmentBytes >= region / 2) {
                return region;
            }
            region >>= 1;
        }
        return 0;
    }

    /** G1's region size in bytes, or 0 when another collector runs. */
    static long g1RegionBytes() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null || !Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
            return 0;
        }
        return Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
    }
}
