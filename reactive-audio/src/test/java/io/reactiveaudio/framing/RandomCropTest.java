package io.reactiveaudio.framing;

import static io.reactiveaudio.framing.TestChunks.ODD_SIZES;
import static io.reactiveaudio.framing.TestChunks.chunked;
import static io.reactiveaudio.framing.TestChunks.chunks;
import static io.reactiveaudio.framing.TestChunks.indexedFiles;
import static io.reactiveaudio.framing.TestChunks.window;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.test.DemandProbe;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

/** {@link RandomCrop}: k windows per source at uniform, reproducible starts, whatever the chunking. */
class RandomCropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int F = 10;
    private static final int C = 2;
    private static final int[] LENGTHS = {0, 1, 5, 10, 11, 37, 500, 4_000};

    @Test
    void eachCropIsTheWindowAtItsStartAndTheStartsAreTheDrawnOnes() {
        RandomCrop crop = RandomCrop.of(F).crops(3).seed(7).epoch(2);
        for (int[] sizes : new int[][] {{1}, ODD_SIZES, {10_000}}) {
            List<Segment> segments = chunked(indexedFiles(C, LENGTHS), C, sizes).transform(crop).collectList()
                    .block(TIMEOUT);

            int at = 0;
            for (int i = 0; i < LENGTHS.length; i++) {
                long[] starts = crop.cropStarts(i, LENGTHS[i]);
                assertEquals(LENGTHS[i] == 0 ? 0 : 3, starts.length);
                for (int k = 0; k < starts.length; k++) {
                    Segment segment = segments.get(at++);
                    assertEquals(i, segment.source().index());
                    assertEquals(k, segment.ordinal());
                    assertTrue(starts[k] >= 0 && starts[k] <= Math.max(LENGTHS[i] - F, 0), "start " + starts[k]);
                    assertArrayEquals(window(starts[k], F, C, LENGTHS[i]), segment.samples(),
                            "source " + i + " crop " + k + " in chunks of " + sizes[0] + "...");
                }
            }
            assertEquals(at, segments.size());
        }
    }

    @Test
    void cropsDependOnSeedEpochSourceAndLengthOnly() {
        RandomCrop crop = RandomCrop.of(1_000).crops(4).seed(1).epoch(0);
        long[] starts = crop.cropStarts(3, 1_000_000);

        assertArrayEquals(starts, RandomCrop.of(1_000).crops(4).seed(1).epoch(0).cropStarts(3, 1_000_000));
        assertNotEquals(Arrays.toString(starts), Arrays.toString(crop.epoch(1).cropStarts(3, 1_000_000)));
        assertNotEquals(Arrays.toString(starts), Arrays.toString(crop.seed(2).cropStarts(3, 1_000_000)));
        assertNotEquals(Arrays.toString(starts), Arrays.toString(crop.cropStarts(4, 1_000_000)));
    }

    @ParameterizedTest(name = "F {0}, {1} frames, {2} crops, {3} bins")
    @CsvSource({"4, 13, 1, 10", "4, 13, 3, 10", "1, 1000, 2, 10", "100, 100099, 1, 20"})
    void startsAreUniformOverTheValidRange(int frames, int length, int crops, int bins) {
        RandomCrop crop = RandomCrop.of(frames).crops(crops).seed(11);
        long validStarts = length - frames + 1;
        int[] counts = new int[bins];
        int sources = 20_000;
        for (long index = 0; index < sources; index++) {
            for (long start : crop.cropStarts(index, length)) {
                counts[(int) (start * bins / validStarts)]++;
            }
        }
        double expected = (double) sources * crops / bins;
        double chiSquare = Arrays.stream(counts).mapToDouble(c -> Math.pow(c - expected, 2) / expected).sum();
        double criticalAtOnePerMille = bins == 10 ? 27.88 : 43.82;
        assertTrue(chiSquare < criticalAtOnePerMille, "chi-square " + chiSquare + ", counts " + Arrays.toString(counts));
    }

    @Test
    void cropsAreDrawnWithReplacementSoTwoCoincideAtTheRateOfOneOverTheValidStarts() {
        RandomCrop crop = RandomCrop.of(4).crops(2).seed(3);
        int sources = 20_000;
        int same = 0;
        for (long index = 0; index < sources; index++) {
            long[] starts = crop.cropStarts(index, 13);
            same += starts[0] == starts[1] ? 1 : 0;
        }
        assertEquals(0.1, (double) same / sources, 0.015, same + " of " + sources);
    }

    @Test
    void aShortSourceGivesKCopiesOfItselfPaddedAndAnEmptyOneNothing() {
        List<Segment> segments = chunked(indexedFiles(C, 30, 4, 0), C, ODD_SIZES)
                .transform(RandomCrop.of(F).crops(3)).collectList().block(TIMEOUT);

        List<Segment> shortOnes = segments.stream().filter(s -> s.source().index() == 1).toList();
        assertEquals(6, segments.size());
        assertEquals(3, shortOnes.size());
        for (Segment s : shortOnes) {
            assertArrayEquals(window(0, F, C, 4), s.samples(), "the whole source then zeros");
        }
        assertNotSame(shortOnes.get(0).samples(), shortOnes.get(1).samples());
    }

    @Test
    void itReadsOneSourceAheadOfTheCropsDemandedPlusAPrefetchOfTwo() {
        List<AudioChunk> input = chunks(indexedFiles(1, 100, 100, 100, 100), 1, 10);
        DemandProbe<AudioChunk> probe = DemandProbe.of(input);

        StepVerifier.create(probe.flux().transform(RandomCrop.of(F).crops(2)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(10 + 2))
                .thenRequest(2)
                .expectNextCount(2)
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(20 + 2))
                .thenRequest(1)
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> probe.assertRequestedAtMost(20 + 2))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void rejectsEmptyCropsNoCropsAndNegativeEpochsOrLengths() {
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(0));
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(1).crops(0));
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(1).epoch(-1));
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(1).cropStarts(0, -1));
    }
}
