package io.reactiveaudio.dsp.stretch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WsolaTest {

    private static final int RATE = 44_100;

    /** Stereo noise whose right channel is exactly half its left. */
    private static float[] stereoNoise(int frames, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] samples = new float[2 * frames];
        for (int t = 0; t < frames; t++) {
            samples[2 * t] = (float) (random.nextDouble() - 0.5);
            samples[2 * t + 1] = samples[2 * t] / 2;
        }
        return samples;
    }

    @Test
    void theGeometryKeepsItsDurationsAtEverySampleRate() {
        Wsola cd = Wsola.forSampleRate(44_100);
        assertEquals(512, cd.hop());
        assertEquals(512, cd.tolerance());
        assertEquals(8, cd.decimation());
        Wsola speech = Wsola.forSampleRate(16_000);
        assertEquals(186, speech.hop());
        assertEquals(3, speech.decimation());
        assertEquals(1, Wsola.forSampleRate(1).decimation());
    }

    @Test
    void atRateOneTheSegmentsStayInPlaceAndTheWindowsSumToOne() {
        float[] noise = stereoNoise(20_000, 1);
        float[] out = Wsola.forSampleRate(RATE).stretch(noise, 2, 1.0, 20_000);
        assertArrayEquals(noise, out, 1e-6f);
    }

    @Test
    void theOutputHasTheLengthAskedForAndSilenceStaysSilent() {
        Wsola wsola = Wsola.forSampleRate(RATE);
        float[] silence = new float[3 * 10_000];
        float[] out = wsola.stretch(silence, 3, 0.7, 14_286);
        assertEquals(3 * 14_286, out.length);
        assertArrayEquals(new float[out.length], out, 0f);
    }

    @Test
    void everyChannelUsesTheSameSegments() {
        float[] noise = stereoNoise(30_000, 2);
        for (double rate : new double[] {0.6, 1.3, 2.5}) {
            float[] out = Wsola.forSampleRate(RATE).stretch(noise, 2, rate, (int) Math.round(30_000 / rate));
            for (int t = 0; t < out.length / 2; t++) {
                assertEquals(out[2 * t] / 2, out[2 * t + 1], 0f, "rate " + rate + " frame " + t);
            }
        }
    }

    @Test
    void aStretchPastTheEndContinuesIntoSilence() {
        float[] noise = stereoNoise(10_000, 3);
        float[] out = Wsola.forSampleRate(RATE).stretch(noise, 2, 2.0, 10_000);
        for (int t = 5_000 + 2 * 1_024; t < 10_000; t++) {
            assertEquals(0f, out[2 * t], 0f, "frame " + t);
        }
        assertTrue(Math.abs(out[2 * 2_000]) > 0 || Math.abs(out[2 * 2_001]) > 0);
    }

    @Test
    void invalidArgumentsAreRefusedWithTheirValues() {
        Wsola wsola = Wsola.forSampleRate(RATE);
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> wsola.stretch(new float[4], 2, 0, 2));
        assertTrue(rate.getMessage().contains("rate"), rate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> wsola.stretch(new float[5], 2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> wsola.stretch(new float[4], 2, Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> new Wsola(4, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> Wsola.forSampleRate(0));
    }
}
