package io.reactiveaudio.batch;

import static io.reactiveaudio.batch.TestSegments.RATE;
import static io.reactiveaudio.batch.TestSegments.littleEndianFloat;
import static io.reactiveaudio.batch.TestSegments.sample;
import static io.reactiveaudio.batch.TestSegments.segment;
import static io.reactiveaudio.batch.TestSegments.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Segment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link Batcher#padToLongest}: items of different lengths, zero-filled to the longest of their batch. */
class BatcherPaddingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int B = 4;
    private static final int MAX = 9;
    private static final int[] LENGTHS = {3, 7, 1, 5, 2, 2, 6, 4};

    @ParameterizedTest(name = "{0}, {1} channel(s)")
    @CsvSource({"BTC, 1", "BTC, 3", "BCT, 1", "BCT, 3"})
    void eachItemKeepsItsSamplesAndIsZeroFilledToTheLongestOfItsBatch(Layout layout, int channels) {
        BufferPool pool = new BufferPool(B * MAX * channels * Float.BYTES, 2);
        Flux.fromIterable(segments(2 * B, MAX, channels)).transform(Batcher.of(B).pool(pool))
                .collectList().block(TIMEOUT).forEach(Batch::release);

        List<Batch> batches = Flux.fromIterable(varied(channels))
                .transform(Batcher.of(B).padToLongest(MAX).layout(layout).pool(pool))
                .collectList().block(TIMEOUT);

        assertEquals(List.of(7, 6), batches.stream().map(Batch::frames).toList(), "T is each batch's longest");
        assertEquals(2, pool.allocated(), "both buffers hold what the full-length batches left");
        for (Batch batch : batches) {
            check(batch, layout, channels);
            batch.release();
        }
        assertEquals(0, pool.inUse());
    }

    @Test
    void theMaskMarksEachItemsOwnFramesAndTheLengthsGiveThem() {
        Batch batch = Flux.fromIterable(varied(2)).transform(Batcher.of(B).padToLongest(MAX)).blockFirst(TIMEOUT);

        assertArrayEquals(new int[] {3, 7, 1, 5}, batch.lengths());
        assertArrayEquals(new int[] {B, 7, 2}, batch.shape());
        assertArrayEquals(new byte[] {
            1, 1, 1, 0, 0, 0, 0,
            1, 1, 1, 1, 1, 1, 1,
            1, 0, 0, 0, 0, 0, 0,
            1, 1, 1, 1, 1, 0, 0}, batch.mask());
        batch.release();
        assertEquals(B * 7, batch.mask().length, "the mask stays valid after release");
    }

    @Test
    void aFixedLengthBatchHasAnAllOnesMask() {
        Batch batch = Flux.fromIterable(segments(B, 5, 2)).transform(Batcher.of(B)).blockFirst(TIMEOUT);

        byte[] ones = new byte[B * 5];
        Arrays.fill(ones, (byte) 1);
        assertArrayEquals(ones, batch.mask());
        batch.release();
    }

    @Test
    void aPartialLastBatchIsPaddedToItsOwnLongest() {
        List<Segment> input = new ArrayList<>(varied(1));
        input.add(segment(9, 0, 2, 1, RATE));
        input.add(segment(9, 1, 3, 1, RATE));

        List<Batch> batches = Flux.fromIterable(input).transform(Batcher.of(B).padToLongest(MAX).dropLast(false))
                .collectList().block(TIMEOUT);

        Batch last = batches.get(2);
        assertArrayEquals(new int[] {2, 3, 1}, last.shape());
        assertArrayEquals(new byte[] {1, 1, 0, 1, 1, 1}, last.mask());
        batches.forEach(Batch::release);
    }

    @Test
    void aSegmentLongerThanMaxFramesFailsTheStreamNamingIt() {
        List<Segment> input = List.of(segment(0, 0, 3, 2, RATE), segment(5, 2, MAX + 1, 2, RATE));

        StepVerifier.create(Flux.fromIterable(input).transform(Batcher.of(B).padToLongest(MAX)))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalArgumentException.class, e);
                    assertTrue(e.getMessage().contains("segment 2 of source 5 (s5.wav) with 10 frames"),
                            e.getMessage());
                    assertTrue(e.getMessage().contains("longer than the 9 frames"), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"channels, 3, 16000", "sampleRate, 2, 44100"})
    void channelsAndSampleRateMustStillAgree(String field, int channels, int rate) {
        List<Segment> input = List.of(segment(0, 0, 3, 2, RATE), segment(1, 0, 4, channels, rate));

        StepVerifier.create(Flux.fromIterable(input).transform(Batcher.of(B).padToLongest(MAX)))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("must agree in channels and sample rate"),
                        e.getMessage()))
                .verify(TIMEOUT);
    }

    @Test
    void poolBuffersHoldMaxFramesSoAShortFirstBatchCannotUndersizeThem() {
        Batcher padded = Batcher.of(B).padToLongest(MAX).poolSize(3);
        assertEquals(3L * B * MAX * 2 * Float.BYTES, padded.maxPoolBytes(1, 2));

        BufferPool tooSmall = new BufferPool(B * 3 * 2 * Float.BYTES, 2);
        List<Segment> shortFirst = IntStream.range(0, B).mapToObj(i -> segment(i, 0, 3, 2, RATE)).toList();
        StepVerifier.create(Flux.fromIterable(shortFirst).transform(padded.pool(tooSmall)))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains(B + " x " + MAX + " frames"),
                        e.getMessage()))
                .verify(TIMEOUT);
    }

    @Test
    void rejectsAnEmptyMaximum() {
        assertThrows(IllegalArgumentException.class, () -> Batcher.of(B).padToLongest(0));
        assertEquals(0, Batcher.of(B).maxFrames());
        assertEquals(MAX, Batcher.of(B).padToLongest(MAX).maxFrames());
    }

    /** Segments of {@link #LENGTHS} frames: segment i is ordinal i % 2 of source i / 2. */
    private static List<Segment> varied(int channels) {
        return IntStream.range(0, LENGTHS.length)
                .mapToObj(i -> segment(i / 2, i % 2, LENGTHS[i], channels, RATE)).toList();
    }

    /** Every float of the batch: the item's sample while t is below its length, +0.0 after. */
    private static void check(Batch batch, Layout layout, int channels) {
        ByteBuffer bytes = batch.bytes();
        int frames = batch.frames();
        for (int b = 0; b < batch.size(); b++) {
            long source = batch.sourceIndices()[b];
            long ordinal = batch.ordinals()[b];
            for (int t = 0; t < frames; t++) {
                for (int c = 0; c < channels; c++) {
                    int index = layout == Layout.BTC ? (b * frames + t) * channels + c
                            : (b * channels + c) * frames + t;
                    float expected = t < batch.lengths()[b] ? sample(source, ordinal, t, c) : 0f;
                    assertEquals(Float.floatToRawIntBits(expected),
                            Float.floatToRawIntBits(littleEndianFloat(bytes, index)),
                            "item " + b + " frame " + t + " channel " + c);
                }
            }
        }
    }
}
