package io.reactiveaudio.augment.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import org.junit.jupiter.api.Test;

class TimeTransformsTest {

    /** Stereo frames whose left channel is the frame number and right is minus it. */
    private static float[] numberedStereo(int frames) {
        float[] samples = new float[frames * 2];
        for (int t = 0; t < frames; t++) {
            samples[2 * t] = t + 1;
            samples[2 * t + 1] = -(t + 1);
        }
        return samples;
    }

    @Test
    void shiftWithRolloverIsNumpyRollOverWholeFrames() {
        for (int by = -7; by <= 7; by++) {
            float[] samples = numberedStereo(5);
            Shift.shift(samples, 2, by, true);
            for (int t = 0; t < 5; t++) {
                int from = Math.floorMod(t - by, 5);
                assertEquals(from + 1, samples[2 * t], 0f, "shift " + by + " frame " + t);
                assertEquals(-(from + 1), samples[2 * t + 1], 0f);
            }
        }
    }

    @Test
    void shiftWithoutRolloverFillsTheVacatedFramesWithSilence() {
        float[] later = numberedStereo(5);
        Shift.shift(later, 2, 2, false);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, -1, 2, -2, 3, -3}, later, 0f);
        float[] earlier = numberedStereo(5);
        Shift.shift(earlier, 2, -4, false);
        assertArrayEquals(new float[] {5, -5, 0, 0, 0, 0, 0, 0, 0, 0}, earlier, 0f);
    }

    @Test
    void aDrawnShiftIsRecordedInFramesAndMatchesTheUnitAndRange() {
        for (long item = 0; item < 30; item++) {
            float[] samples = numberedStereo(1_000);
            AugmentContext context = AugmentContext.forItem(2, 0, item, 0);
            Shift.seconds(-0.01, 0.02).rollover(false).apply(new Audio(samples, 1_000, 2, 10_000), context);
            int frames = (int) context.applied().get(0).get("shift_frames");
            assertTrue(frames >= -100 && frames <= 200, "seconds at 10 kHz: " + frames);
            float[] expected = numberedStereo(1_000);
            Shift.shift(expected, 2, frames, false);
            assertArrayEquals(expected, samples, 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> Shift.fraction(-2, 0));
    }

    @Test
    void timeMaskSilencesExactlyTheRecordedStretch() {
        for (long item = 0; item < 30; item++) {
            float[] samples = numberedStereo(400);
            AugmentContext context = AugmentContext.forItem(4, 0, item, 0);
            TimeMask.bandPart(0.1, 0.3).apply(new Audio(samples, 400, 2, 8_000), context);
            int start = (int) context.applied().get(0).get("start_frame");
            int length = (int) context.applied().get(0).get("mask_frames");
            assertTrue(length >= 40 && length <= 120 && start + length <= 400);
            for (int t = 0; t < 400; t++) {
                boolean masked = t >= start && t < start + length;
                assertEquals(masked ? 0 : t + 1, samples[2 * t], 0f);
                assertEquals(masked ? 0 : -(t + 1), samples[2 * t + 1], 0f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TimeMask.bandPart(0.5, 1.5));
    }
}
