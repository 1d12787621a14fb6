package io.reactiveaudio.batch;

import static io.reactiveaudio.batch.TestSegments.RATE;
import static io.reactiveaudio.batch.TestSegments.littleEndianFloat;
import static io.reactiveaudio.batch.TestSegments.sample;
import static io.reactiveaudio.batch.TestSegments.segment;
import static io.reactiveaudio.batch.TestSegments.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.test.DemandProbe;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** {@link Batcher}: what a batch holds, where each sample goes, and how many buffers it takes. */
class BatcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int B = 4;
    private static final int T = 5;
    private static final int C = 3;
    private static final int BATCH_BYTES = B * T * C * Float.BYTES;

    @ParameterizedTest(name = "{0}, {1} channel(s)")
    @CsvSource({"BTC, 1", "BTC, 2", "BTC, 3", "BCT, 1", "BCT, 2", "BCT, 3"})
    void everySampleLandsAtItsLayoutIndexAsLittleEndianFloat32(Layout layout, int channels) {
        List<Batch> batches = batch(segments(3 * B, T, channels), Batcher.of(B).layout(layout).poolSize(3));

        assertEquals(3, batches.size());
        for (int k = 0; k < batches.size(); k++) {
            Batch batch = batches.get(k);
            ByteBuffer bytes = batch.bytes();
            assertEquals(B * T * channels * Float.BYTES, bytes.remaining());
            for (int b = 0; b < B; b++) {
                int i = k * B + b;
                for (int t = 0; t < T; t++) {
                    for (int c = 0; c < channels; c++) {
                        int index = layout == Layout.BTC ? (b * T + t) * channels + c : (b * channels + c) * T + t;
                        assertEquals(Float.floatToRawIntBits(sample(i / 2, i % 2, t, c)),
                                Float.floatToRawIntBits(littleEndianFloat(bytes, index)),
                                "batch " + k + " item " + b + " frame " + t + " channel " + c);
                    }
                }
            }
            batch.release();
        }
    }

    @Test
    void theShapeFollowsTheLayout() {
        Batch btc = batch(segments(B, T, C), Batcher.of(B)).get(0);
        Batch bct = batch(segments(B, T, C), Batcher.of(B).layout(Layout.BCT)).get(0);

        assertEquals(Layout.BTC, btc.layout());
        assertArrayEquals(new int[] {B, T, C}, btc.shape());
        assertEquals(Layout.BCT, bct.layout());
        assertArrayEquals(new int[] {B, C, T}, bct.shape());
        assertEquals(B * T * C, bct.audio().remaining());
    }

    @Test
    void eachItemCarriesItsLabelLengthSourceIndexAndOrdinal() {
        List<Segment> input = new ArrayList<>(segments(3, T, C));
        input.add(TestSegments.unlabelled(7, T, C));

        Batch batch = batch(input, Batcher.of(B)).get(0);

        assertEquals(B, batch.size());
        assertArrayEquals(new int[] {0, 0, 1, -1}, batch.labels());
        assertArrayEquals(new int[] {T, T, T, T}, batch.lengths());
        assertArrayEquals(new long[] {0, 0, 1, 7}, batch.sourceIndices());
        assertArrayEquals(new long[] {0, 1, 0, 0}, batch.ordinals());
        assertEquals(T, batch.frames());
        assertEquals(C, batch.channels());
        assertEquals(RATE, batch.sampleRate());
    }

    @Test
    void byDefaultTheLastPartialBatchIsDroppedAndItsSegmentsDiscarded() {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        List<Segment> input = segments(2 * B + 2, T, C);

        List<Batch> batches = Flux.fromIterable(input).transform(Batcher.of(B))
                .doOnDiscard(Segment.class, discarded::add)
                .collectList().block(TIMEOUT);

        assertEquals(2, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.size() == B));
        assertEquals(input.subList(2 * B, 2 * B + 2), discarded);
    }

    @Test
    void recyclingHandsBackTheArraysOfBatchedSegmentsOnlyOnceTheyAreCopiedNotThoseDiscarded() {
        List<Segment> input = segments(2 * B + 2, T, C);
        List<float[]> handedBack = new CopyOnWriteArrayList<>();

        List<Batch> batches = Flux.fromIterable(input).transform(Batcher.of(B).recycle(array -> {
            handedBack.add(array);
            Arrays.fill(array, Float.NaN);
        })).collectList().block(TIMEOUT);

        assertEquals(2 * B, handedBack.size());
        for (int i = 0; i < 2 * B; i++) {
            assertSame(input.get(i).samples(), handedBack.get(i));
        }
        Batch second = batches.get(1);
        Segment first = input.get(B);
        assertEquals(sample(first.source().index(), first.ordinal(), 0, 0), second.audio().get(0),
                "copied before it was handed back");
    }

    @Test
    void withoutDropLastTheRemainingSegmentsFormASmallerLastBatch() {
        List<Batch> batches = batch(segments(2 * B + 2, T, C), Batcher.of(B).dropLast(false).layout(Layout.BCT));

        assertEquals(3, batches.size());
        Batch last = batches.get(2);
        assertEquals(2, last.size());
        assertArrayEquals(new int[] {2, C, T}, last.shape());
        assertEquals(2 * T * C * Float.BYTES, last.byteSize());
        assertEquals(2 * T * C * Float.BYTES, last.bytes().remaining());
        assertEquals(2 * T * C, last.audio().remaining());
        assertArrayEquals(new long[] {4, 4}, last.sourceIndices());
        assertArrayEquals(new long[] {0, 1}, last.ordinals());
        assertEquals(sample(4, 1, T - 1, C - 1), last.audio().get(2 * T * C - 1));
    }

    @Test
    void segmentsFromThePaddingPlaceOnAreMarkedAsTheLastItemsOfTheirBatches() {
        List<Batch> batches = batch(segments(3 * B - 1, T, C),
                Batcher.of(B).dropLast(false).paddingFrom(() -> B + 1).poolSize(3));

        assertArrayEquals(new int[] {0, B - 1, B - 1}, batches.stream().mapToInt(Batch::padding).toArray());
        Batch mixed = batches.get(1);
        assertFalse(mixed.isPadding(0));
        assertTrue(mixed.isPadding(1));
        assertTrue(mixed.isPadding(B - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> mixed.isPadding(B));
        assertTrue(mixed.toString().contains((B - 1) + " padding"), mixed.toString());
        assertEquals(0, batch(segments(B, T, C), Batcher.of(B)).get(0).padding(), "no padding by default");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"frames, 6, 3, 16000", "channels, 5, 2, 16000", "sampleRate, 5, 3, 44100"})
    void aSegmentOfAnotherShapeFailsTheStreamNamingBothSources(String field, int frames, int channels, int rate) {
        List<Segment> input = new ArrayList<>(segments(B + 1, T, C));
        input.add(segment(9, 3, frames, channels, rate));
        List<Batch> received = new ArrayList<>();

        StepVerifier.create(Flux.fromIterable(input).transform(Batcher.of(B)).doOnNext(received::add))
                .expectNextCount(1)
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalArgumentException.class, e);
                    assertTrue(e.getMessage().contains("segment 3 of source 9 (s9.wav) with " + frames + " frames x "
                            + channels + " channels at " + rate + " Hz"), e.getMessage());
                    assertTrue(e.getMessage().contains("segment 0 of source 0 (s0.wav) with 5 frames x 3 channels at"
                            + " 16000 Hz"), e.getMessage());
                })
                .verify(TIMEOUT);
        received.forEach(Batch::release);
    }

    @Test
    void demandForNBatchesIsDemandForNTimesBSegments() {
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> segment(i, T, C));
        List<Batch> held = new ArrayList<>();

        StepVerifier.create(probe.flux().transform(Batcher.of(B)).doOnNext(held::add), 0)
                .expectSubscription()
                .then(() -> assertEquals(0, probe.requested()))
                .thenRequest(2)
                .expectNextCount(2)
                .then(() -> probe.assertRequestedAtMost(2L * B))
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> held.forEach(Batch::release))
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> probe.assertRequestedAtMost(3L * B))
                .thenCancel()
                .verify(TIMEOUT);
        held.forEach(Batch::release);
    }

    @Test
    void onlyBatchesRequestedAndNotYetReleasedHoldBuffers() {
        BufferPool pool = new BufferPool(BATCH_BYTES, 3);
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> segment(i, T, C));
        List<Batch> held = new ArrayList<>();

        StepVerifier.create(probe.flux().transform(Batcher.of(B).pool(pool)).doOnNext(held::add), 0)
                .thenRequest(3)
                .expectNextCount(3)
                .then(() -> assertEquals(3, pool.inUse()))
                .then(() -> held.subList(0, 2).forEach(Batch::release))
                .then(() -> assertEquals(1, pool.inUse()))
                .thenRequest(2)
                .expectNextCount(2)
                .then(() -> assertEquals(3, pool.inUse()))
                .then(() -> assertEquals(3, pool.allocated(), "the released buffers were reused"))
                .thenCancel()
                .verify(TIMEOUT);
        held.forEach(Batch::release);
        assertEquals(0, pool.inUse());
        probe.assertRequestedAtMost(5L * B);
    }

    @Test
    void aConsumerThatReleasesEachBatchKeepsReusingOneBuffer() {
        BufferPool pool = new BufferPool(BATCH_BYTES, 2);

        Long count = Flux.fromIterable(segments(20 * B, T, C)).transform(Batcher.of(B).pool(pool))
                .doOnNext(Batch::release)
                .count().block(TIMEOUT);

        assertEquals(20, count);
        assertEquals(1, pool.allocated());
        assertEquals(0, pool.inUse());
    }

    @Test
    void aSlowConsumerBehindPublishOnHoldsAtMostItsPrefetchSoAPoolOfThatSizeSuffices() {
        int prefetch = 2;
        BufferPool pool = new BufferPool(BATCH_BYTES, prefetch);
        DemandProbe<Segment> probe = DemandProbe.range(30 * B, i -> segment(i, T, C));

        Flux<Batch> slow = probe.flux()
                .subscribeOn(Schedulers.parallel())
                .transform(Batcher.of(B).pool(pool))
                .publishOn(Schedulers.boundedElastic(), prefetch)
                .doOnNext(batch -> {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    batch.release();
                });

        StepVerifier.create(slow).expectNextCount(30).expectComplete().verify(TIMEOUT);
        assertTrue(pool.allocated() <= prefetch, pool.toString());
        assertEquals(0, pool.inUse());
        probe.assertRequestedAtMost((30L + prefetch) * B);
    }

    @Test
    void aBlockingIteratorHoldsItsPrefetchPlusTheBatchInHand() {
        int prefetch = 2;
        BufferPool pool = new BufferPool(BATCH_BYTES, prefetch + 1);
        Flux<Batch> batches = Flux.fromIterable(segments(30 * B, T, C)).transform(Batcher.of(B).pool(pool));

        int seen = 0;
        for (Batch batch : batches.toIterable(prefetch)) {
            seen++;
            batch.release();
        }

        assertEquals(30, seen);
        assertEquals(prefetch + 1, pool.allocated());
        assertEquals(0, pool.inUse());
    }

    @Test
    void aConsumerThatNeverReleasesGetsAnErrorNamingTheBoundOnceThePoolRunsDry() {
        BufferPool pool = new BufferPool(BATCH_BYTES, 2);
        DemandProbe<Segment> probe = DemandProbe.range(Integer.MAX_VALUE, i -> segment(i, T, C));
        List<Object> discarded = new CopyOnWriteArrayList<>();
        List<Batch> kept = new ArrayList<>();

        StepVerifier.create(probe.flux().transform(Batcher.of(B).pool(pool))
                        .doOnNext(kept::add)
                        .doOnDiscard(Segment.class, discarded::add))
                .expectNextCount(2)
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalStateException.class, e);
                    assertTrue(e.getMessage().contains("all 2 buffers"), e.getMessage());
                    assertTrue(e.getMessage().contains("Batcher.poolSize"), e.getMessage());
                })
                .verify(TIMEOUT);

        assertTrue(probe.isCancelled());
        assertEquals(B, discarded.size(), "the third batch's segments");
        kept.forEach(Batch::release);
        assertEquals(0, pool.inUse());
    }

    @Test
    void theDefaultPoolAlsoFailsRatherThanWaitWhenBatchesAreKept() {
        StepVerifier.create(Flux.fromIterable(segments(10 * B, T, C)).transform(Batcher.of(B)).collectList())
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("all 4 buffers"), e.getMessage()))
                .verify(TIMEOUT);
    }

    @Test
    void aGivenPoolTooSmallForABatchFailsTheStream() {
        BufferPool small = new BufferPool(BATCH_BYTES - 1, 2);

        StepVerifier.create(Flux.fromIterable(segments(B, T, C)).transform(Batcher.of(B).pool(small)))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalArgumentException.class, e);
                    assertTrue(e.getMessage().contains(BATCH_BYTES + " bytes"), e.getMessage());
                })
                .verify(TIMEOUT);
        assertEquals(0, small.allocated());
    }

    @Test
    void eachSubscriptionHasItsOwnStateAndPool() {
        Flux<Batch> batches = Flux.fromIterable(segments(2 * B, T, C)).transform(Batcher.of(B).poolSize(2));

        List<Batch> first = batches.collectList().block(TIMEOUT);
        List<Batch> second = batches.collectList().block(TIMEOUT);

        assertEquals(2, first.size());
        assertEquals(2, second.size());
        assertArrayEquals(first.get(1).sourceIndices(), second.get(1).sourceIndices());
    }

    @Test
    void settersReturnNewOperatorsAndCheckTheirArguments() {
        Batcher base = Batcher.of(32);
        Batcher changed = base.layout(Layout.BCT).dropLast(false).poolSize(8);

        assertNotSame(base, changed);
        assertEquals(Layout.BTC, base.layout());
        assertTrue(base.dropLast());
        assertEquals(Batcher.DEFAULT_POOL_SIZE, base.poolSize());
        assertEquals(Layout.BCT, changed.layout());
        assertFalse(changed.dropLast());
        assertEquals(8, changed.poolSize());
        assertEquals(32, changed.batchSize());
        assertEquals(3, base.pool(new BufferPool(16, 3)).poolSize());
        assertThrows(IllegalArgumentException.class, () -> Batcher.of(0));
        assertThrows(IllegalArgumentException.class, () -> base.poolSize(0));
        assertThrows(NullPointerException.class, () -> base.layout(null));
        assertThrows(NullPointerException.class, () -> base.pool(null));
        assertThrows(NullPointerException.class, () -> base.paddingFrom(null));
    }

    @Test
    void itsWorstCaseMemoryIsPoolSizeTimesOneBatch() {
        assertEquals(4L * 32 * 196_608 * 2 * 4, Batcher.of(32).maxPoolBytes(196_608, 2));
        assertEquals(6L * 1000, Batcher.of(32).pool(new BufferPool(1000, 6)).maxPoolBytes(196_608, 2));
    }

    private static List<Batch> batch(List<Segment> input, Batcher batcher) {
        return Flux.fromIterable(input).transform(batcher).collectList().block(TIMEOUT);
    }
}
