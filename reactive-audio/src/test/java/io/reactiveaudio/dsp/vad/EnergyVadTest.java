package io.reactiveaudio.dsp.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnergyVadTest {

    private static final int RATE = 16_000;

    @Test
    void dalisDefaultsAreSixtyDecibelsBelowTheLoudestWindowOf2048Samples() {
        assertEquals("EnergyVad[cutoffDb=-60.0, windowLength=2048, referencePower=max, resetInterval=8192]",
                EnergyVad.defaults().toString());
    }

    @Test
    void marksTheSamplesAboveTheCutoffAsDalisExampleDoes() {
        float[] signal = {0, 0, 0, 0, 50, 50, 0, 0};

        NonSilentRegion region = EnergyVad.defaults().withWindowLength(1).withCutoffDb(-10).nonSilentRegion(signal);

        assertEquals(new NonSilentRegion(4, 2), region);
    }

    @ParameterizedTest(name = "window {0}")
    @CsvSource({"256", "512", "2048"})
    void aToneBurstInSilenceIsFoundToTheSampleWidenedByAWindowLessOne(int window) {
        float[] signal = burst(16_000, 5_000, 9_000, 0.5, 0, 1);

        NonSilentRegion region = EnergyVad.defaults().withWindowLength(window).nonSilentRegion(signal);

        assertEquals(5_000 - (window - 1), region.begin());
        assertEquals(9_000 + (window - 1), region.end());
    }

    /** A window overlapping the burst by k samples has a fraction k / w of the burst's power. */
    @ParameterizedTest(name = "cutoff {0} dB, window {1}")
    @CsvSource({"-30, 512", "-10, 512", "-6, 1024", "-3, 2048", "-1, 256"})
    void inNoiseTheBoundariesMoveInByTheOverlapTheCutoffDemands(double cutoffDb, int window) {
        float[] signal = burst(3 * RATE, 20_000, 31_000, 0.5, 1e-3, 2);
        int overlap = (int) Math.ceil(window * Math.pow(10, cutoffDb / 10));

        NonSilentRegion region = EnergyVad.defaults().withWindowLength(window).withCutoffDb(cutoffDb)
                .nonSilentRegion(signal);

        int tolerance = window / 32 + 2;
        assertEquals(20_000 - window + overlap, region.begin(), tolerance, region.toString());
        assertEquals(31_000 + window - overlap, region.end(), tolerance, region.toString());
    }

    @Test
    void aFixedReferenceMakesTheCutoffAbsolute() {
        EnergyVad vad = EnergyVad.defaults().withReferencePower(1.0).withCutoffDb(-20).withWindowLength(512);

        // a sine of amplitude a has a mean square of a^2 / 2: -12 dB and -26 dB against 1.0; a
        // window must overlap the louder burst by 512 * 0.01 / 0.125 = 41 samples to reach -20 dB
        assertEquals(5_000 - 512 + 41, vad.nonSilentRegion(burst(16_000, 5_000, 9_000, 0.5, 0, 3)).begin(), 2);
        assertEquals(NonSilentRegion.EMPTY, vad.nonSilentRegion(burst(16_000, 5_000, 9_000, 0.1, 0, 3)));
        // against its own loudest window, the quiet burst needs 512 * 0.01 = 6 samples of overlap
        assertEquals(5_000 - 512 + 6, vad.withReferenceMax().nonSilentRegion(burst(16_000, 5_000, 9_000, 0.1, 0, 3)).begin(), 2);
    }

    @Test
    void equalsTheRegionOfADirectlySummedShortTermPower() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + random.nextInt(3_000);
            float[] signal = new float[n];
            int loudFrom = random.nextInt(n);
            int loudTo = loudFrom + random.nextInt(n - loudFrom + 1);
            for (int i = 0; i < n; i++) {
                double level = i >= loudFrom && i < loudTo ? 0.5 : 1e-4;
                signal[i] = (float) (level * random.nextGaussian());
            }
            int window = 1 + random.nextInt(600);
            double cutoffDb = -random.nextInt(70);

            NonSilentRegion region = EnergyVad.defaults().withWindowLength(window).withCutoffDb(cutoffDb)
                    .withResetInterval(1 + random.nextInt(1_000)).nonSilentRegion(signal);

            assertEquals(bruteForce(signal, window, cutoffDb), region, "trial " + trial);
        }
    }

    @Test
    void theResetIntervalDoesNotChangeTheRegion() {
        float[] signal = burst(10 * RATE, 70_000, 120_000, 0.3, 1e-3, 4);
        EnergyVad vad = EnergyVad.defaults().withCutoffDb(-40);

        NonSilentRegion never = vad.withResetInterval(-1).nonSilentRegion(signal);

        assertEquals(never, vad.nonSilentRegion(signal));
        assertEquals(never, vad.withResetInterval(1_000).nonSilentRegion(signal));
    }

    @Test
    void aSignalShorterThanTheWindowIsOneWindow() {
        float[] signal = burst(1_000, 100, 200, 0.5, 0, 6);

        assertEquals(new NonSilentRegion(0, 1_000), EnergyVad.defaults().nonSilentRegion(signal));
    }

    @Test
    void silenceHasAnEmptyRegion() {
        assertEquals(NonSilentRegion.EMPTY, EnergyVad.defaults().nonSilentRegion(new float[40_000]));
        assertEquals(NonSilentRegion.EMPTY, EnergyVad.defaults().nonSilentRegion(new float[0]));
        assertEquals(0, EnergyVad.defaults().trim(new float[5_000]).length);
    }

    @Test
    void trimKeepsExactlyTheRegion() {
        float[] signal = burst(16_000, 5_000, 9_000, 0.5, 1e-4, 7);
        EnergyVad vad = EnergyVad.defaults().withWindowLength(400).withCutoffDb(-30);
        NonSilentRegion region = vad.nonSilentRegion(signal);

        assertArrayEquals(Arrays.copyOfRange(signal, region.begin(), region.end()), vad.trim(signal));
    }

    @Test
    void analysesARangeWithBeginCountedFromItsStart() {
        float[] signal = burst(16_000, 5_000, 9_000, 0.5, 0, 8);
        EnergyVad vad = EnergyVad.defaults().withWindowLength(256);

        NonSilentRegion region = vad.nonSilentRegion(signal, 3_000, 10_000);

        assertEquals(new NonSilentRegion(2_000 - 255, 4_000 + 2 * 255), region);
        assertThrows(IndexOutOfBoundsException.class, () -> vad.nonSilentRegion(signal, 10_000, 10_000));
    }

    @Test
    void rejectsParametersOutsideTheirRange() {
        EnergyVad vad = EnergyVad.defaults();
        assertThrows(IllegalArgumentException.class, () -> vad.withWindowLength(0));
        assertThrows(IllegalArgumentException.class, () -> vad.withReferencePower(0));
        assertThrows(IllegalArgumentException.class, () -> vad.withReferencePower(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> vad.withResetInterval(0));
        assertThrows(IllegalArgumentException.class, () -> vad.withCutoffDb(Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new NonSilentRegion(-1, 3));
    }

    /** Silence or noise of RMS {@code noise}, with a 440 Hz tone of {@code amplitude} in [from, to). */
    private static float[] burst(int n, int from, int to, double amplitude, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] signal = new float[n];
        for (int i = 0; i < n; i++) {
            double tone = i >= from && i < to ? amplitude * Math.sin(2 * Math.PI * 440 * (i - from) / RATE + 1) : 0;
            signal[i] = (float) (tone + noise * random.nextGaussian());
        }
        return signal;
    }

    /** DALI's definition, summed window by window. */
    private static NonSilentRegion bruteForce(float[] x, int windowLength, double cutoffDb) {
        int w = Math.min(windowLength, x.length);
        double[] power = new double[x.length - w + 1];
        double max = 0;
        for (int i = 0; i < power.length; i++) {
            for (int j = i; j < i + w; j++) {
                power[i] += (double) x[j] * x[j];
            }
            max = Math.max(max, power[i]);
        }
        double threshold = max * Math.pow(10, cutoffDb / 10);
        int first = -1;
        int last = -1;
        for (int i = 0; i < power.length; i++) {
            if (power[i] >= threshold) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return first < 0 ? NonSilentRegion.EMPTY : new NonSilentRegion(first, last + w - first);
    }
}
