package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each lane restarts: the file it last delivered from, skipping what it took of it. */
class LaneCursorsTest {

    @Test
    void aLaneThatHasDeliveredNothingRestartsAtItsFirstFileSkippingNothing() {
        LaneCursors start = LaneCursors.start(3);

        for (int lane = 0; lane < 3; lane++) {
            assertEquals(List.of(0, 0L, 0L), List.of(start.restartFile(lane), start.skip(lane), start.taken(lane)));
        }
        assertArrayEquals(new int[] {-1, -1, -1}, start.files(), "recorded as before the first segment");
    }

    @Test
    void aLaneRestartsAtTheFileItLastDeliveredFromSkippingTheSegmentsItTookOfIt() {
        LaneCursors start = LaneCursors.start(2);
        LaneCursors now = start.after(1, 0, 0).after(1, 0, 1).after(1, 2, 0).after(1, 2, 1);

        assertEquals(List.of(2, 2L, 4L), List.of(now.restartFile(1), now.skip(1), now.taken(1)));
        assertEquals(List.of(0, 0L, 0L), List.of(now.restartFile(0), now.skip(0), now.taken(0)), "the other lane");
        assertArrayEquals(new int[] {-1, 2}, now.files());
        assertArrayEquals(new long[] {0, 2}, now.nextOrdinals());
        assertArrayEquals(new long[] {0, 4}, now.takenCounts());
        assertArrayEquals(new int[] {-1, -1}, start.files(), "cursors are immutable");
    }
}
