package io.reactiveaudio.augment.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import org.junit.jupiter.api.Test;

class TimeStretchTest {

    private static final int RATE = 44_100;
    private static final int FRAMES = 2 * RATE;

    @Test
    void aRateChangesTheLengthAndKeepsTheFrequency() {
        for (double rate : new double[] {0.8, 0.93, 1.25}) {
            AugmentContext context = AugmentContext.forItem(1, 0, 0, 0);
            Audio out = TimeStretch.rate(rate, rate).leaveLengthUnchanged(false)
                    .apply(Tones.stereoSine(440, FRAMES, RATE), context);
            assertEquals(rate, context.applied().get(0).get("rate"));
            assertEquals(Math.round(FRAMES / rate), out.frames(), "rate " + rate);
            double hz = Tones.frequencyHz(out, 0, RATE / 10, out.frames() - RATE / 10);
            assertEquals(440, hz, 440 * 0.005, "rate " + rate);
            assertTrue(Tones.rightIsHalfLeft(out), "channels stretched alike");
        }
    }

    @Test
    void theSoundLastsTheStretchedDuration() {
        int toneFrames = FRAMES / 2;
        Audio burst = Tones.stereoSine(440, FRAMES, RATE);
        java.util.Arrays.fill(burst.samples(), 2 * toneFrames, 2 * FRAMES, 0f);
        for (double rate : new double[] {0.8, 1.25}) {
            Audio out = TimeStretch.rate(rate, rate).leaveLengthUnchanged(false)
                    .apply(new Audio(burst.samples().clone(), FRAMES, 2, RATE), AugmentContext.forItem(1, 0, 0, 0));
            int lastSound = 0;
            for (int t = 0; t < out.frames(); t++) {
                if (Math.abs(out.samples()[2 * t]) > 0.05) {
                    lastSound = t;
                }
            }
            assertEquals(toneFrames / rate, lastSound, toneFrames * 0.02, "rate " + rate);
        }
    }

    @Test
    void byDefaultTheLengthIsLeftUnchanged() {
        for (long item = 0; item < 10; item++) {
            AugmentContext context = AugmentContext.forItem(5, 0, item, 0);
            Audio out = TimeStretch.defaults().apply(Tones.stereoSine(440, 20_000, RATE), context);
            double rate = context.applied().get(0).get("rate");
            assertTrue(rate >= 0.8 && rate <= 1.25, "rate " + rate);
            assertEquals(20_000, out.frames());
        }
    }

    @Test
    void invalidRatesAreRefusedWithTheirValues() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> TimeStretch.rate(0.05, 1));
        assertTrue(low.getMessage().contains("rate") && low.getMessage().contains("0.05"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeStretch.rate(1.2, 0.9));
        assertThrows(IllegalArgumentException.class, () -> TimeStretch.rate(1, 11));
    }
}
