package io.reactiveaudio.augment.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import org.junit.jupiter.api.Test;

class PitchShiftTest {

    private static final int RATE = 44_100;
    private static final int FRAMES = 2 * RATE;

    @Test
    void aShiftMovesTheFrequencyByTheRatioAndKeepsTheLength() {
        for (double semitones : new double[] {-4, -1.3, 2.5, 4}) {
            AugmentContext context = AugmentContext.forItem(1, 0, 0, 0);
            Audio out = PitchShift.semitones(semitones, semitones).apply(Tones.stereoSine(440, FRAMES, RATE), context);
            assertEquals(semitones, context.applied().get(0).get("semitones"));
            assertEquals(FRAMES, out.frames(), "semitones " + semitones);
            double expected = 440 * Math.pow(2, semitones / 12);
            double hz = Tones.frequencyHz(out, 0, RATE / 10, FRAMES - RATE / 10);
            assertEquals(expected, hz, expected * 0.005, "semitones " + semitones);
            assertTrue(Tones.rightIsHalfLeft(out), "channels shifted alike");
        }
    }

    @Test
    void theDefaultsDrawWithinFourSemitonesEitherWay() {
        boolean up = false;
        boolean down = false;
        for (long item = 0; item < 12; item++) {
            AugmentContext context = AugmentContext.forItem(9, 0, item, 0);
            Audio out = PitchShift.defaults().apply(Tones.stereoSine(440, 5_000, RATE), context);
            double semitones = context.applied().get(0).get("semitones");
            assertTrue(Math.abs(semitones) <= 4, "semitones " + semitones);
            up |= semitones > 0;
            down |= semitones < 0;
            assertEquals(5_000, out.frames());
        }
        assertTrue(up && down);
    }

    @Test
    void invalidRangesAreRefusedWithTheirValues() {
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> PitchShift.semitones(-13, 0));
        assertTrue(wide.getMessage().contains("semitones") && wide.getMessage().contains("-13"), wide.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PitchShift.semitones(2, 1));
        assertThrows(IllegalArgumentException.class, () -> PitchShift.semitones(Double.NaN, 1));
    }
}
