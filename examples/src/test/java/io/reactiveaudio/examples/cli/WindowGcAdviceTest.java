package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class WindowGcAdviceTest {

    private static final long MB = 1L << 20;

    @Test
    void suggestsTheLargestRegionOfWhichTheSegmentIsAtLeastHalf() {
        long stereo196k = 196_608L * 2 * Float.BYTES;     // 1.5 MB
        long mono30s16k = 480_000L * Float.BYTES;         // 1.83 MB
        assertEquals(2 * MB, WindowGcAdvice.regionFor(stereo196k));
        assertEquals(2 * MB, WindowGcAdvice.regionFor(mono30s16k));
        assertEquals(32 * MB, WindowGcAdvice.regionFor(20 * MB));
        assertEquals(1 * MB, WindowGcAdvice.regionFor(MB / 2));
    }

    @Test
    void segmentsUnderHalfOfTheSmallestRegionGetNoAdvice() {
        assertEquals(0, WindowGcAdvice.regionFor(MB / 2 - 1));
    }

    @Test
    void adviceNamesTheRegionThatMakesTheWindowsSegmentsHumongous() {
        long region = WindowGcAdvice.g1RegionBytes();
        assumeTrue(region >= 4 * MB, "needs G1 with regions of 4 MB or more, as on a heap of 4 GB or more");
        long segment = region / 2 - 4096;
        String advice = WindowGcAdvice.of(segment, 1000).orElseThrow();
        assertTrue(advice.contains("-XX:G1HeapRegionSize=" + (region >> 21) + "m"), advice);
        assertTrue(advice.contains("1000 segments"), advice);
    }

    @Test
    void noAdviceForHumongousSegmentsOrSmallWindows() {
        long region = WindowGcAdvice.g1RegionBytes();
        assumeTrue(region > 0, "needs G1");
        assertTrue(WindowGcAdvice.of(region / 2, 1000).isEmpty(), "humongous already");
        assertTrue(WindowGcAdvice.of(region / 4, 8).isEmpty(), "a small window");
    }
}
