package io.reactiveaudio.dsp.biquad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.Signals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ButterworthFilterTest {

    private static final int RATE = 16_000;

    /** The gain in dB of a filter on a steady sine, measured after the transient. */
    private static double measuredDb(ButterworthFilter filter, double hz) {
        int frames = RATE;
        float[] tone = Signals.sine(RATE, 1, frames, hz, 0.5);
        float[] filtered = tone.clone();
        filter.process(filtered, 1);
        double in = 0;
        double out = 0;
        for (int i = frames / 2; i < frames; i++) {
            in += (double) tone[i] * tone[i];
            out += (double) filtered[i] * filtered[i];
        }
        return 10 * Math.log10(out / in);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void everyOrderIsThreeDecibelsDownAtTheCutoff(int order) {
        assertEquals(-3.01, measuredDb(ButterworthFilter.lowPass(1_000, RATE, order), 1_000), 0.05);
        assertEquals(-3.01, measuredDb(ButterworthFilter.highPass(1_000, RATE, order), 1_000), 0.05);
    }

    /** The Butterworth magnitude after the bilinear transform: {@code 1 / (1 + (tan(pi f / fs) / tan(pi fc / fs))^(2N))}. */
    private static double butterworthDb(double hz, double cutoff, int order, boolean highPass) {
        double ratio = Math.tan(Math.PI * hz / RATE) / Math.tan(Math.PI * cutoff / RATE);
        double r = highPass ? 1 / ratio : ratio;
        return -10 * Math.log10(1 + Math.pow(r, 2 * order));
    }

    /** Within 0.05 dB, or both below -100 dB, where float32 samples end. */
    private static void assertResponse(double expectedDb, double measuredDb, String where) {
        if (expectedDb < -100) {
            assertTrue(measuredDb < -100, where + ": " + measuredDb);
        } else {
            assertEquals(expectedDb, measuredDb, 0.05, where);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void theResponseIsButterworthsFallingSixDecibelsPerOctavePerOrder(int order) {
        ButterworthFilter low = ButterworthFilter.lowPass(500, RATE, order);
        ButterworthFilter high = ButterworthFilter.highPass(2_000, RATE, order);
        for (double hz : new double[] {100, 250, 707, 1_000, 2_000, 4_000}) {
            assertResponse(butterworthDb(hz, 500, order, false), measuredDb(low, hz), "low-pass at " + hz);
            assertResponse(low.responseDb(hz), measuredDb(low, hz), "low-pass design at " + hz);
            assertResponse(butterworthDb(hz, 2_000, order, true), measuredDb(high, hz), "high-pass at " + hz);
        }
    }

    @Test
    void channelsAreFilteredOnTheirOwn() {
        float[] stereo = Signals.mix(Signals.sine(RATE, 2, 4_000, 200, 0.5));
        for (int t = 0; t < 4_000; t++) {
            stereo[2 * t + 1] = 0;
        }
        ButterworthFilter.lowPass(300, RATE, 4).process(stereo, 2);
        for (int t = 0; t < 4_000; t++) {
            assertEquals(0f, stereo[2 * t + 1], 0f);
        }
    }

    @Test
    void cutoffsAtOrAboveNyquistAndOddOrdersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ButterworthFilter.lowPass(8_000, RATE, 2));
        assertThrows(IllegalArgumentException.class, () -> ButterworthFilter.lowPass(1_000, RATE, 3));
        assertThrows(IllegalArgumentException.class, () -> ButterworthFilter.highPass(0, RATE, 2));
    }
}
