package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadsTest {

    /** A reader that returns the given counts, one per read. */
    private static Reads.Read returning(Integer... counts) {
        ArrayDeque<Integer> left = new ArrayDeque<>(List.of(counts));
        return (dst, maxFrames) -> left.isEmpty() ? -1 : left.poll();
    }

    @Test
    void countsTheFramesOfEveryReadToTheEnd() {
        assertEquals(4096 + 10, Reads.toEnd(2, 4106, returning(4096, 10)));
        assertEquals(7, Reads.toEnd(1, Reads.UNKNOWN_FRAMES, returning(7)));
    }

    @Test
    void moreFramesThanTheHeadersCountFailNamingBoth() {
        AssertionError e = assertThrows(AssertionError.class, () -> Reads.toEnd(1, 100, returning(60, 60)));

        assertTrue(e.getMessage().contains("120 frames read, more than the 100"), e.getMessage());
    }

    @Test
    void aReadOfNoFramesOrMoreThanAskedBreaksTheContract() {
        assertThrows(AssertionError.class, () -> Reads.toEnd(1, Reads.UNKNOWN_FRAMES, returning(0)));
        assertThrows(AssertionError.class, () -> Reads.toEnd(1, Reads.UNKNOWN_FRAMES, returning(4097)));
    }

    @Test
    void givesEachReadABufferOfItsChannelsTimesTheFramesAsked() {
        Reads.toEnd(3, Reads.UNKNOWN_FRAMES, (dst, maxFrames) -> {
            assertEquals(3 * maxFrames, dst.length);
            return -1;
        });
    }
}
