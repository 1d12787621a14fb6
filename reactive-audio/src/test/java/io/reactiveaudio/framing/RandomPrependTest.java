package io.reactiveaudio.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.conform.Conform;
import io.reactiveaudio.test.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** {@link RandomPrepend} cuts exactly what the reference loader cuts, whatever the chunking. */
class RandomPrependTest {

    private static final int F = 1000;

    @ParameterizedTest
    @ValueSource(ints = {1, 333, 1000, 4096, 100_000})
    void segmentsEqualTheReferenceOnWholeArraysWhateverTheChunkSize(int chunkFrames) {
        List<float[]> files = List.of(
                Signals.noise(1, 16_000, 2, 2_500, 0.5),
                Signals.noise(2, 16_000, 2, 1, 0.5),
                Signals.noise(3, 16_000, 2, 3_000, 0.5),
                new float[0],
                Signals.noise(4, 16_000, 2, 999, 0.5));
        RandomPrepend framing = RandomPrepend.of(F).seed(42).epoch(3);

        List<Segment> segments = TestChunks.chunked(files, 2, chunkFrames).transform(framing).collectList()
                .block(Duration.ofSeconds(10));

        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            expected.addAll(reference(files.get(i), 2, framing.prependFrames(i)));
        }
        assertEquals(expected.size(), segments.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), segments.get(i).samples(), "segment " + i);
        }
    }

    @Test
    void chunksCutAtItsAlignedBoundariesBecomeTheSegmentsThemselves() {
        List<float[]> files = List.of(Signals.noise(1, 16_000, 2, 4_321, 0.5), Signals.noise(2, 16_000, 2, 2_000, 0.5),
                Signals.noise(3, 16_000, 2, 700, 0.5));
        RandomPrepend framing = RandomPrepend.of(F).seed(7).epoch(1);
        List<AudioChunk> chunks = TestChunks.alignedChunks(files, 2, framing);

        List<Segment> segments = Flux.fromIterable(chunks).transform(framing).collectList()
                .block(Duration.ofSeconds(10));

        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            expected.addAll(reference(files.get(i), 2, framing.prependFrames(i)));
        }
        assertEquals(expected.size(), segments.size());
        int adopted = 0;
        for (int i = 0; i < expected.size(); i++) {
            Segment segment = segments.get(i);
            assertArrayEquals(expected.get(i), segment.samples(), "segment " + i);
            boolean isAChunk = chunks.stream().anyMatch(c -> c.samples() == segment.samples());
            long start = segment.ordinal() * F - framing.prependFrames(segment.source().index());
            boolean wholeChunkWindow = chunks.stream().anyMatch(c -> c.source().equals(segment.source())
                    && c.frames() == F && c.position() == start);
            assertEquals(wholeChunkWindow, isAChunk, "segment " + i + " taken over from its chunk");
            adopted += isAChunk ? 1 : 0;
        }
        assertTrue(adopted >= 3, adopted + " segments taken over");
    }

    @Test
    void segmentsCarryTheirSourceAndOrdinal() {
        List<Segment> segments = TestChunks.chunked(List.of(Signals.noise(1, 8_000, 1, 2_500, 0.5),
                Signals.noise(2, 8_000, 1, 1_500, 0.5)), 1, 700).transform(RandomPrepend.of(F)).collectList()
                .block(Duration.ofSeconds(10));

        for (int i = 1; i < segments.size(); i++) {
            Segment previous = segments.get(i - 1);
            Segment s = segments.get(i);
            long expectedOrdinal = s.source().index() == previous.source().index() ? previous.ordinal() + 1 : 0;
            assertEquals(expectedOrdinal, s.ordinal());
        }
        assertTrue(segments.stream().allMatch(s -> s.frames() == F && s.channels() == 1 && s.sampleRate() == 16_000));
    }

    @Test
    void theOffsetIsUniformOverZeroToFInclusive() {
        RandomPrepend framing = RandomPrepend.of(9).seed(5);
        int[] counts = new int[10];
        int sources = 50_000;
        for (long index = 0; index < sources; index++) {
            counts[framing.prependFrames(index)]++;
        }
        double expected = sources / 10.0;
        double chiSquare = Arrays.stream(counts).mapToDouble(c -> Math.pow(c - expected, 2) / expected).sum();
        assertTrue(chiSquare < 27.9, "chi-square " + chiSquare + " over the 0.1 % critical value, counts "
                + Arrays.toString(counts));
    }

    @Test
    void theOffsetDependsOnSeedEpochAndSourceOnly() {
        RandomPrepend framing = RandomPrepend.of(196_608).seed(1).epoch(0);
        long[] offsets = new long[20];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = framing.prependFrames(i);
        }
        long[] again = new long[20];
        long[] nextEpoch = new long[20];
        for (int i = 0; i < offsets.length; i++) {
            again[i] = RandomPrepend.of(196_608).seed(1).epoch(0).prependFrames(i);
            nextEpoch[i] = framing.epoch(1).prependFrames(i);
        }
        assertArrayEquals(offsets, again);
        assertNotEquals(Arrays.toString(offsets), Arrays.toString(nextEpoch));
    }

    @Test
    void chunksHandedOverFromAnotherThreadAreAllCutUnderSmallDemand() {
        // a fused publishOn -> handle -> concatMapIterable chain lost a whole source's chunks here
        // (Reactor 3.8.7), so the framing operators do not fuse with their upstream
        List<float[]> files = List.of(Signals.noise(1, 16_000, 2, 3_631, 0.5), Signals.noise(2, 16_000, 2, 11_447, 0.5));
        RandomPrepend framing = RandomPrepend.of(F).seed(7);
        long expected = (framing.prependFrames(0) + 3_631 + F - 1) / F + (framing.prependFrames(1) + 11_447 + F - 1) / F;
        Scheduler consumer = Schedulers.newSingle("consumer");
        try {
            for (int run = 0; run < 200; run++) {
                long cut = TestChunks.chunked(files, 2, 8192).publishOn(Schedulers.parallel(), 4)
                        .transform(Conform.to(16_000, ChannelPolicy.stereo())).transform(framing)
                        .publishOn(consumer, 2).count().block(Duration.ofSeconds(10));
                assertEquals(expected, cut, "run " + run);
            }
        } finally {
            consumer.dispose();
        }
    }

    @Test
    void rejectsEmptySegments() {
        assertThrows(IllegalArgumentException.class, () -> RandomPrepend.of(0));
        assertThrows(IllegalArgumentException.class, () -> RandomPrepend.of(10).epoch(-1));
    }

    /** The reference loader: p zeros, the audio, zeros to a multiple of F, reshaped to (n, F, C). */
    private static List<float[]> reference(float[] audio, int channels, int prepend) {
        int frames = audio.length / channels;
        int n = (prepend + frames + F - 1) / F;
        float[] padded = new float[n * F * channels];
        System.arraycopy(audio, 0, padded, prepend * channels, audio.length);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Arrays.copyOfRange(padded, i * F * channels, (i + 1) * F * channels));
        }
        return out;
    }

    @Test
    void anOffsetOfFGivesALeadingSegmentOfZeros() {
        RandomPrepend framing = RandomPrepend.of(3).seed(0);
        long index = 0;
        while (framing.prependFrames(index) != 3) {
            index++;
        }
        AudioSource source = AudioSource.of(index, Path.of("x.wav"));
        AudioInfo info = new AudioInfo(source.path(), Codec.WAV, 8_000, 1, 2, 16, Optional.empty());
        List<Segment> segments = Flux.just(new AudioChunk(source, info, 0, new float[] {0.5f, 0.25f}, 2, true))
                .transform(framing).collectList().block(Duration.ofSeconds(5));

        assertEquals(2, segments.size());
        assertArrayEquals(new float[] {0, 0, 0}, segments.get(0).samples());
        assertArrayEquals(new float[] {0.5f, 0.25f, 0}, segments.get(1).samples());
    }
}
