package io.reactiveaudio.batch;

import static io.reactiveaudio.batch.TestSegments.sample;
import static io.reactiveaudio.batch.TestSegments.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** {@link Batch}: read-only views of one pooled buffer, returned to the pool exactly once. */
class BatchTest {

    private static final int B = 2;
    private static final int T = 3;
    private static final int C = 2;
    private static final int BATCH_BYTES = B * T * C * Float.BYTES;

    private final BufferPool pool = new BufferPool(BATCH_BYTES, 64);

    @Test
    void wrapMakesABatchOfTheSamplesTheCallerWroteAndReleaseReturnsItsBuffer() {
        ByteBuffer buffer = pool.acquire();
        for (int i = 0; i < B * T * C; i++) {
            buffer.putFloat(i * Float.BYTES, i / 10f);
        }

        Batch batch = Batch.wrap(pool, buffer, Layout.BCT, B, T, C, 8_000);

        assertArrayEquals(new int[] {B, C, T}, batch.shape());
        assertEquals(8_000, batch.sampleRate());
        FloatBuffer audio = batch.audio();
        assertEquals(B * T * C, audio.remaining());
        for (int i = 0; i < B * T * C; i++) {
            assertEquals(i / 10f, audio.get(i));
        }
        assertArrayEquals(new int[] {-1, -1}, batch.labels());
        assertArrayEquals(new int[] {T, T}, batch.lengths());
        assertArrayEquals(new long[] {-1, -1}, batch.sourceIndices());
        assertArrayEquals(new long[] {0, 1}, batch.ordinals());
        assertTrue(batch.checkpoint().isEmpty());
        assertEquals(List.of(List.of(), List.of()), batch.augmentations());

        assertTrue(batch.release());
        assertEquals(0, pool.inUse());
    }

    @Test
    void wrapRefusesSamplesThatDoNotFitTheBuffer() {
        ByteBuffer buffer = pool.acquire();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batch.wrap(pool, buffer, Layout.BTC, B + 1, T, C, 8_000));
        assertTrue(e.getMessage().contains("more than the buffer's " + BATCH_BYTES), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batch.wrap(pool, buffer, Layout.BTC, B, 0, C, 8_000));
    }

    @Test
    void releaseReturnsTheBufferOnceAndLaterCallsDoNothing() {
        Batch batch = batches(1).get(0);
        assertEquals(1, pool.inUse());

        assertTrue(batch.release());
        assertFalse(batch.release());
        batch.close();

        assertTrue(batch.isReleased());
        assertEquals(0, pool.inUse());
        assertEquals(1, pool.available());
    }

    @Test
    void closingReleasesSoTryWithResourcesReturnsTheBuffer() {
        try (Batch batch = batches(1).get(0)) {
            assertFalse(batch.isReleased());
            assertEquals(1, pool.inUse());
        }
        assertEquals(0, pool.inUse());
    }

    @Test
    void aConsumerAndADiscardHookRacingToReleaseReturnEachBufferOnce() throws Exception {
        List<Batch> batches = batches(50);
        AtomicInteger released = new AtomicInteger();
        Runnable releaseAll = () -> batches.forEach(b -> {
            if (b.release()) {
                released.incrementAndGet();
            }
        });

        CompletableFuture.allOf(CompletableFuture.runAsync(releaseAll, r -> new Thread(r).start()),
                CompletableFuture.runAsync(releaseAll, r -> new Thread(r).start())).get(10, TimeUnit.SECONDS);

        assertEquals(50, released.get());
        assertEquals(0, pool.inUse());
        assertEquals(50, pool.available());
    }

    @Test
    void theViewsAreReadOnlyLittleEndianAndIndependent() {
        Batch batch = batches(1).get(0);

        ByteBuffer bytes = batch.bytes();
        FloatBuffer audio = batch.audio();

        assertTrue(bytes.isReadOnly());
        assertTrue(bytes.isDirect());
        assertEquals(ByteOrder.LITTLE_ENDIAN, bytes.order());
        assertEquals(BATCH_BYTES, bytes.remaining());
        assertTrue(audio.isReadOnly());
        assertEquals(ByteOrder.LITTLE_ENDIAN, audio.order());
        assertEquals(sample(0, 1, 2, 1), audio.get(B * T * C - 1));
        assertThrows(ReadOnlyBufferException.class, () -> bytes.put(0, (byte) 1));
        bytes.position(8);
        assertEquals(0, batch.bytes().position());
        assertEquals(sample(0, 0, 0, 0), batch.bytes().getFloat(0));
    }

    @Test
    void theAudioCannotBeReadAfterRelease() {
        Batch batch = batches(1).get(0);
        batch.release();

        assertThrows(IllegalStateException.class, batch::audio);
        assertThrows(IllegalStateException.class, batch::bytes);
        assertArrayEquals(new long[] {0, 0}, batch.sourceIndices(), "metadata stays readable");
    }

    @Test
    void itsArraysAreCopies() {
        Batch batch = batches(1).get(0);

        batch.labels()[0] = 99;
        batch.lengths()[0] = 99;
        batch.sourceIndices()[0] = 99;
        batch.ordinals()[0] = 99;

        assertArrayEquals(new int[] {0, 0}, batch.labels());
        assertArrayEquals(new int[] {T, T}, batch.lengths());
        assertArrayEquals(new long[] {0, 0}, batch.sourceIndices());
        assertArrayEquals(new long[] {0, 1}, batch.ordinals());
    }

    @Test
    void itDescribesItsShape() {
        Batch batch = batches(1).get(0);
        assertEquals("Batch[2, 3, 2] BTC, 16000 Hz", batch.toString());
        batch.release();
        assertEquals("Batch[2, 3, 2] BTC, 16000 Hz, released", batch.toString());
    }

    private List<Batch> batches(int count) {
        return Flux.fromIterable(segments(count * B, T, C)).transform(Batcher.of(B).pool(pool))
                .collectList().block(Duration.ofSeconds(5));
    }
}
