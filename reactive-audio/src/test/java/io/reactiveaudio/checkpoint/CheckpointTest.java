package io.reactiveaudio.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A checkpoint is a small immutable value with a versioned binary form that reads back equal. */
class CheckpointTest {

    private static final Checkpoint CHECKPOINT = new Checkpoint(0x1234_5678_9abc_def0L, 2, 17, 60, 51, false,
            new long[] {4, 9, 4}, new long[] {0, 3, 1}, new int[] {1, -1}, new long[] {2, 0}, new long[] {20, 31});

    @Test
    void theBinaryFormReadsBackEqual() {
        Checkpoint back = Checkpoint.fromBytes(CHECKPOINT.toBytes());

        assertEquals(CHECKPOINT, back);
        assertEquals(CHECKPOINT.hashCode(), back.hashCode());
        assertArrayEquals(new long[] {4, 9, 4}, back.residentSources());
        assertArrayEquals(new long[] {0, 3, 1}, back.residentOrdinals());
        assertArrayEquals(new int[] {1, -1}, back.laneFiles());
        assertEquals(17, back.batches());
    }

    @Test
    void itTakesTwelveBytesPerHeldSegmentAndTwentyPerLane() {
        int header = 4 + 4 + 8 * 5 + 1 + 4 + 4;

        assertEquals(header + 3 * 12 + 2 * 20, CHECKPOINT.toBytes().length);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        long[] sources = {1, 2};
        Checkpoint checkpoint = new Checkpoint(0, 0, 0, 2, 0, false, sources, new long[] {0, 0}, new int[0],
                new long[0], new long[0]);
        sources[0] = 99;
        checkpoint.residentSources()[1] = 99;

        assertArrayEquals(new long[] {1, 2}, checkpoint.residentSources());
    }

    @Test
    void bytesThatAreNotACheckpointOfThisVersionAreRefused() {
        byte[] bytes = CHECKPOINT.toBytes();
        byte[] foreign = bytes.clone();
        foreign[0] = 0;
        byte[] otherVersion = bytes.clone();
        ByteBuffer.wrap(otherVersion).putInt(4, 2);
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);

        assertEquals("not a reactive-audio checkpoint",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromBytes(foreign)).getMessage());
        assertEquals("checkpoint version 2 is not 1",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromBytes(otherVersion)).getMessage());
        assertEquals("trailing bytes after the checkpoint",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromBytes(trailing)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromBytes(truncated)).getMessage()
                .startsWith("truncated checkpoint of"));
    }

    @Test
    void argumentChecksNameTheArgumentsAndTheirValues() {
        assertEquals("epoch, batches, arrivals and emitted must not be negative: -1, 0, 3, 2",
                assertThrows(IllegalArgumentException.class, () -> new Checkpoint(0, -1, 0, 3, 2, false,
                        new long[0], new long[0], new int[0], new long[0], new long[0])).getMessage());
        assertEquals("residentOrdinals must hold one ordinal per resident source (1): 0",
                assertThrows(IllegalArgumentException.class, () -> new Checkpoint(0, 0, 0, 0, 0, false,
                        new long[1], new long[0], new int[0], new long[0], new long[0])).getMessage());
        assertEquals("laneNextOrdinals and laneTaken must hold one entry per lane (2): 2 and 1",
                assertThrows(IllegalArgumentException.class, () -> new Checkpoint(0, 0, 0, 0, 0, false,
                        new long[0], new long[0], new int[2], new long[2], new long[1])).getMessage());
    }
}
