package io.reactiveaudio.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class UtterancesTest {

    private static final int RATE = 16_000;
    private static final LiveFormat MONO = LiveFormat.mono(RATE);
    private static final int TOLERANCE = RATE * 20 / 1000;

    /** Speech-like bursts (a voiced tone with harmonics) at {@code regions} seconds, over a -65 dBFS noise floor. */
    private static float[] speechAt(double seconds, double[][] regions) {
        SplittableRandom random = new SplittableRandom(7);
        float[] s = new float[(int) (seconds * RATE)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (random.nextDouble(-0.001, 0.001));
        }
        for (double[] r : regions) {
            for (int i = (int) (r[0] * RATE); i < (int) (r[1] * RATE); i++) {
                double t = i / (double) RATE;
                s[i] += (float) (0.2 * Math.sin(2 * Math.PI * 180 * t) + 0.1 * Math.sin(2 * Math.PI * 360 * t)
                        + 0.05 * Math.sin(2 * Math.PI * 1_100 * t));
            }
        }
        return s;
    }

    private static List<LiveChunk> chunks(float[] signal, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LiveChunk> chunks = new ArrayList<>();
        for (int at = 0; at < signal.length; ) {
            int n = Math.min(signal.length - at, 1 + random.nextInt(1_200));
            chunks.add(new LiveChunk(Arrays.copyOfRange(signal, at, at + n), n, at, at, MONO));
            at += n;
        }
        return chunks;
    }

    private static List<Utterance> detect(List<LiveChunk> chunks, Utterances detector) {
        return Flux.fromIterable(chunks).transform(detector).collectList().block();
    }

    @Test
    void findsTheKnownSpeechRegionsWithin20Milliseconds() {
        double[][] regions = {{0.50, 1.20}, {2.00, 2.30}, {3.10, 4.00}};
        float[] signal = speechAt(5.0, regions);
        signal[(int) (4.5 * RATE)] = 0.9f;

        for (long seed = 0; seed < 4; seed++) {
            List<Utterance> found = detect(chunks(signal, seed), Utterances.detect());

            assertEquals(3, found.size(), "three bursts; the single-sample click is too short");
            for (int i = 0; i < 3; i++) {
                Utterance u = found.get(i);
                long start = Math.round(regions[i][0] * RATE);
                long end = Math.round(regions[i][1] * RATE);
                assertTrue(Math.abs(u.speechStart() - start) <= TOLERANCE, "start " + u.speechStart() + " vs " + start);
                assertTrue(Math.abs(u.speechEnd() - end) <= TOLERANCE, "end " + u.speechEnd() + " vs " + end);
                assertEquals(u.speechStart() - RATE / 5, u.position(), "200 ms pre-roll");
                assertEquals(u.speechEnd() + RATE * 3 / 10, u.end(), "300 ms hangover");
                assertFalse(u.split());
                assertArrayEquals(Arrays.copyOfRange(signal, (int) u.position(), (int) u.end()), u.samples());
            }
        }
    }

    @Test
    void splitsAnUtteranceLongerThanTheMaximum() {
        float[] signal = speechAt(4.0, new double[][] {{0.5, 3.5}});

        List<Utterance> found = detect(chunks(signal, 1), Utterances.detect().maxSeconds(1.0));

        assertTrue(found.size() >= 3, found.toString());
        assertTrue(found.get(0).split());
        assertEquals(RATE, found.get(0).samples().length);
        for (int i = 1; i < found.size(); i++) {
            assertEquals(found.get(i - 1).end(), found.get(i).position(), "the pieces follow each other");
        }
        assertFalse(found.get(found.size() - 1).split());
    }

    @Test
    void aGapOrTheEndOfTheStreamClosesTheUtteranceInProgress() {
        float[] signal = speechAt(2.0, new double[][] {{0.5, 2.0}});
        List<LiveChunk> chunks = chunks(Arrays.copyOf(signal, RATE), 2);
        float[] rest = Arrays.copyOfRange(signal, RATE, 2 * RATE);
        chunks.add(new LiveChunk(rest, rest.length, 3L * RATE, 0, MONO));

        List<Utterance> found = detect(chunks, Utterances.detect());

        assertEquals(2, found.size());
        assertTrue(found.get(0).split());
        assertEquals(RATE, found.get(0).end(), "cut at the gap");
        assertEquals(3L * RATE, found.get(1).speechStart(), "speech resumes right after the gap");
        assertTrue(found.get(1).split(), "the stream ended in speech");
    }

    @Test
    void rejectsMeaninglessSettings() {
        assertThrows(IllegalArgumentException.class, () -> Utterances.detect().thresholdDb(3));
        assertThrows(IllegalArgumentException.class, () -> Utterances.detect().frameSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> Utterances.detect().preRollSeconds(-1));
    }
}
