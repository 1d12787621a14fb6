package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SignalsTest {

    private static final int RATE = 48_000;

    @Test
    void sineHasTheRequestedFrequencyAndChannelCIsShiftedByTenPercentPerChannel() {
        float[] sine = Signals.sine(RATE, 3, RATE, 1_000, 0.5);

        assertEquals(1_000, frequency(channel(sine, 3, 0), 0, RATE), 0.5);
        assertEquals(1_100, frequency(channel(sine, 3, 1), 0, RATE), 0.5);
        assertEquals(1_200, frequency(channel(sine, 3, 2), 0, RATE), 0.5);
    }

    @Test
    void sineStartsAtZeroPhaseAndPeaksAtTheAmplitude() {
        float[] sine = Signals.sine(RATE, 1, RATE, 1_000, 0.5);

        assertEquals(0f, sine[0]);
        assertEquals(0.5, peak(sine), 1e-6);
    }

    @Test
    void chirpSweepsLinearlySoEachTenthHoldsTheCyclesOfTheRisingFrequency() {
        // 100 Hz to 10_100 Hz in 1 s: the cycles in [a, b) seconds are 100 (b - a) + 5_000 (b^2 - a^2)
        float[] chirp = Signals.chirp(RATE, 2, RATE, 100, 10_100, 0.8);
        float[] left = channel(chirp, 2, 0);
        float[] right = channel(chirp, 2, 1);
        int tenth = RATE / 10;

        assertEquals(60, risingCrossings(left, 0, tenth).length, 1);
        assertEquals(960, risingCrossings(left, RATE - tenth, RATE).length, 1);
        assertEquals(66, risingCrossings(right, 0, tenth).length, 1);
        assertEquals(1_056, risingCrossings(right, RATE - tenth, RATE).length, 1);
        assertEquals(0.8, peak(left), 1e-3);
    }

    @Test
    void noiseIsReproducibleForASeedAndDiffersAcrossSeeds() {
        float[] first = Signals.noise(7, RATE, 2, 4_800, 0.25);

        assertArrayEquals(first, Signals.noise(7, RATE, 2, 4_800, 0.25));
        assertFalse(Arrays.equals(first, Signals.noise(8, RATE, 2, 4_800, 0.25)));
    }

    @Test
    void noiseIsUniformWithinTheAmplitudeAndIndependentPerChannel() {
        float[] noise = Signals.noise(7, RATE, 2, RATE, 0.25);
        double mean = 0;
        double meanSquare = 0;
        for (float x : noise) {
            mean += x;
            meanSquare += (double) x * x;
        }
        mean /= noise.length;
        meanSquare /= noise.length;

        assertTrue(peak(noise) <= 0.25);
        assertEquals(0, mean, 0.005);
        assertEquals(0.25 * 0.25 / 3, meanSquare, 0.001, "a uniform variable on [-a, a] has mean square a^2 / 3");
        assertEquals(0, SignalAssertions.correlation(channel(noise, 2, 0), channel(noise, 2, 1)), 0.02);
    }

    @Test
    void clicksAreSingleSamplesEveryPeriodOnEveryChannelAndSilenceElsewhere() {
        float[] clicks = Signals.clicks(RATE, 2, 250, 100, 0.9);

        for (int i = 0; i < clicks.length; i++) {
            int frame = i / 2;
            float expected = frame == 0 || frame == 100 || frame == 200 ? 0.9f : 0f;
            assertEquals(expected, clicks[i], "sample " + i + " (frame " + frame + ")");
        }
    }

    @Test
    void mixAddsSignalsSampleBySampleWithoutChangingThem() {
        float[] a = {0.25f, -0.5f};
        float[] b = {0.5f, 0.25f};
        float[] c = {0.125f, 0f};

        assertArrayEquals(new float[] {0.875f, -0.25f}, Signals.mix(a, b, c));
        assertArrayEquals(new float[] {0.25f, -0.5f}, a);
    }

    @Test
    void mixRejectsSignalsOfDifferentLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Signals.mix(new float[3], new float[4]));

        assertEquals("lengths differ: 3 and 4", e.getMessage());
    }

    @Test
    void generatorsRejectNonPositiveRatesAndChannelsAndNegativeLengths() {
        assertThrows(IllegalArgumentException.class, () -> Signals.sine(0, 1, 10, 440, 1));
        assertThrows(IllegalArgumentException.class, () -> Signals.chirp(RATE, 0, 10, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Signals.noise(1, RATE, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Signals.clicks(RATE, 1, 10, 0, 1));
        assertEquals(0, Signals.sine(RATE, 2, 0, 440, 1).length);
    }

    /** Frequency in Hz from the span of the rising zero crossings in frames [from, to). */
    private static double frequency(float[] mono, int from, int to) {
        double[] crossings = risingCrossings(mono, from, to);
        return (crossings.length - 1) * RATE / (crossings[crossings.length - 1] - crossings[0]);
    }

    /** Positions, in frames interpolated between samples, where the signal rises through zero. */
    private static double[] risingCrossings(float[] mono, int from, int to) {
        return IntStream.range(from + 1, to)
                .filter(i -> mono[i - 1] < 0 && mono[i] >= 0)
                .mapToDouble(i -> i - 1 + mono[i - 1] / (double) (mono[i - 1] - mono[i]))
                .toArray();
    }

    private static float[] channel(float[] interleaved, int channels, int c) {
        float[] out = new float[interleaved.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = interleaved[i * channels + c];
        }
        return out;
    }

    private static double peak(float[] signal) {
        double peak = 0;
        for (float x : signal) {
            peak = Math.max(peak, Math.abs(x));
        }
        return peak;
    }
}
