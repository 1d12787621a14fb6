package io.reactiveaudio.framing;

import static io.reactiveaudio.framing.TestChunks.ODD_SIZES;
import static io.reactiveaudio.framing.TestChunks.chunked;
import static io.reactiveaudio.framing.TestChunks.chunks;
import static io.reactiveaudio.framing.TestChunks.indexedFiles;
import static io.reactiveaudio.framing.TestChunks.window;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.test.DemandProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link Sliding}: window i holds frames {@code i * hop} onwards, and the tail follows its policy. */
class SlidingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int C = 2;
    private static final int[] LENGTHS = {0, 1, 9, 10, 11, 23, 25, 37, 100};

    @ParameterizedTest(name = "F {0}, hop {1}, {2}")
    @CsvSource({"10, 3, PAD", "10, 3, DROP", "10, 10, PAD", "10, 10, DROP", "10, 14, PAD", "10, 14, DROP",
        "10, 1, PAD", "1, 1, DROP", "4, 6, PAD"})
    void everyWindowHoldsTheFramesFromItsStartWhateverTheChunking(int frames, int hop, TailPolicy tail) {
        Sliding sliding = Sliding.of(frames, hop).tail(tail);
        for (int[] sizes : new int[][] {{1}, ODD_SIZES, {1_000}}) {
            List<Segment> segments = chunked(indexedFiles(C, LENGTHS), C, sizes).transform(sliding).collectList()
                    .block(TIMEOUT);

            int at = 0;
            for (int i = 0; i < LENGTHS.length; i++) {
                List<Long> starts = referenceStarts(LENGTHS[i], frames, hop, tail);
                assertEquals(starts.size(), sliding.windows(LENGTHS[i]), "source " + i);
                for (int w = 0; w < starts.size(); w++) {
                    Segment segment = segments.get(at++);
                    assertEquals(i, segment.source().index());
                    assertEquals(w, segment.ordinal());
                    assertArrayEquals(window(starts.get(w), frames, C, LENGTHS[i]), segment.samples(),
                            "source " + i + " window " + w + " in chunks of " + sizes[0] + "...");
                }
            }
            assertEquals(at, segments.size());
        }
    }

    @ParameterizedTest(name = "F {0}, hop {1}")
    @CsvSource({"10, 1", "10, 3", "10, 7", "10, 10", "1, 1"})
    void withPaddingEveryFrameIsInAWindowWhenTheHopIsAtMostTheWindow(int frames, int hop) {
        for (int length : LENGTHS) {
            List<Segment> segments = chunked(indexedFiles(1, length), 1, ODD_SIZES)
                    .transform(Sliding.of(frames, hop)).collectList().block(TIMEOUT);

            boolean[] seen = new boolean[length];
            for (Segment segment : segments) {
                for (float v : segment.samples()) {
                    if (v != 0) {
                        seen[(int) (v - 1) / 8] = true;
                    }
                }
            }
            for (int t = 0; t < length; t++) {
                assertTrue(seen[t], "frame " + t + " of " + length + " is in no window");
            }
        }
    }

    @Test
    void aShortSourceGivesOnePaddedWindowUnderPadAndNoneUnderDrop() {
        List<float[]> shortSource = indexedFiles(C, 6);

        List<Segment> padded = chunked(shortSource, C, ODD_SIZES).transform(Sliding.of(10, 5)).collectList()
                .block(TIMEOUT);
        List<Segment> dropped = chunked(shortSource, C, ODD_SIZES).transform(Sliding.of(10, 5).tail(TailPolicy.DROP))
                .collectList().block(TIMEOUT);

        assertEquals(1, padded.size());
        assertArrayEquals(window(0, 10, C, 6), padded.get(0).samples());
        assertEquals(List.of(), dropped);
    }

    @Test
    void aTailAlreadyInTheLastCompleteWindowGetsNoPaddedWindow() {
        Sliding sliding = Sliding.of(10, 4);

        List<Segment> exact = chunked(indexedFiles(C, 18), C, ODD_SIZES).transform(sliding).collectList()
                .block(TIMEOUT);
        List<Segment> oneMore = chunked(indexedFiles(C, 19), C, ODD_SIZES).transform(sliding).collectList()
                .block(TIMEOUT);

        assertEquals(3, exact.size(), "windows at 0, 4 and 8 end exactly at frame 18");
        assertEquals(4, oneMore.size(), "frame 18 needs the window at 12");
        assertArrayEquals(window(12, 10, C, 19), oneMore.get(3).samples());
    }

    @Test
    void aSourceThatEndsInAGapGetsNoPaddedWindow() {
        Sliding sliding = Sliding.of(4, 10);

        assertEquals(2, sliding.windows(13), "frames 10..12 start the window at 10");
        assertEquals(2, chunked(indexedFiles(1, 13), 1, ODD_SIZES).transform(sliding).count().block(TIMEOUT));
        assertEquals(1, sliding.windows(9), "frames 4..8 lie in the gap");
        assertEquals(1, chunked(indexedFiles(1, 9), 1, ODD_SIZES).transform(sliding).count().block(TIMEOUT));
    }

    @Test
    void itReadsOnlyTheChunksThatCompleteTheRequestedWindowsAndOneMorePlusAPrefetchOfTwo() {
        DemandProbe<AudioChunk> probe = DemandProbe.of(chunks(indexedFiles(1, 1_000), 1, 10));

        StepVerifier.create(probe.flux().transform(Sliding.of(50, 25)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(chunksThroughWindow(0) + 2))
                .thenRequest(1)
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(chunksThroughWindow(1) + 2))
                .thenRequest(3)
                .expectNextCount(3)
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(chunksThroughWindow(4) + 2))
                .thenCancel()
                .verify(TIMEOUT);
    }

    /** Chunks of 10 frames up to the end of window w of {@code Sliding.of(50, 25)}. */
    private static int chunksThroughWindow(int w) {
        return (w * 25 + 50 + 9) / 10;
    }

    @Test
    void touchingWindowsTakeOverWholeWindowChunksAndCopyTheRest() {
        List<float[]> files = indexedFiles(C, 25, 10, 7);
        Sliding touching = Sliding.of(10, 10);
        List<AudioChunk> chunks = TestChunks.alignedChunks(files, C, touching);

        List<Segment> segments = Flux.fromIterable(chunks).transform(touching).collectList().block(TIMEOUT);

        assertEquals(List.of(0L, 10L, 20L, 0L, 0L), segments.stream().map(s -> s.ordinal() * 10).toList());
        for (Segment s : segments) {
            assertArrayEquals(window(s.ordinal() * 10, 10, C, files.get((int) s.source().index()).length / C),
                    s.samples());
        }
        List<Boolean> takenOver = segments.stream()
                .map(s -> chunks.stream().anyMatch(c -> c.samples() == s.samples())).toList();
        assertEquals(List.of(true, true, false, true, false), takenOver);
    }

    @Test
    void overlappingWindowsNeverTakeOverAChunk() {
        Sliding overlapping = Sliding.of(10, 5);
        assertEquals(0, overlapping.alignedFirstChunkFrames(0));
        List<AudioChunk> chunks = chunks(indexedFiles(C, 30), C, 10);

        List<Segment> segments = Flux.fromIterable(chunks).transform(overlapping).collectList().block(TIMEOUT);

        assertEquals(5, segments.size());
        assertTrue(segments.stream().noneMatch(s -> chunks.stream().anyMatch(c -> c.samples() == s.samples())));
    }

    @Test
    void rejectsEmptyWindowsAndHops() {
        assertThrows(IllegalArgumentException.class, () -> Sliding.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Sliding.of(1, 0));
        assertThrows(NullPointerException.class, () -> Sliding.of(1, 1).tail(null));
        assertThrows(IllegalArgumentException.class, () -> Sliding.of(1, 1).windows(-1));
    }

    /**
     * Window starts by the definition: every multiple of hop whose window fits; under PAD, then
     * the next one if it holds a frame that none of those holds.
     */
    private static List<Long> referenceStarts(int length, int frames, int hop, TailPolicy tail) {
        List<Long> starts = new ArrayList<>();
        boolean[] covered = new boolean[length];
        long start = 0;
        for (; start + frames <= length; start += hop) {
            starts.add(start);
            for (long t = start; t < start + frames; t++) {
                covered[(int) t] = true;
            }
        }
        boolean uncovered = false;
        for (long t = start; t < Math.min(start + frames, length); t++) {
            uncovered |= !covered[(int) t];
        }
        if (tail == TailPolicy.PAD && uncovered) {
            starts.add(start);
        }
        return starts;
    }
}
