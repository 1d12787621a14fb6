package io.reactiveaudio.augment.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.test.Signals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LevelTransformsTest {

    private static final int RATE = 16_000;

    private static Audio stereoNoise(long seed) {
        return new Audio(Signals.noise(seed, RATE, 2, 4_000, 0.5), 4_000, 2, RATE);
    }

    @Test
    void gainMultipliesEverySampleByTheRecordedDecibels() {
        for (long item = 0; item < 20; item++) {
            Audio audio = stereoNoise(item);
            float[] before = audio.samples().clone();
            AugmentContext context = AugmentContext.forItem(1, 0, item, 0);
            Gain.db(-6, 6).apply(audio, context);
            double db = context.applied().get(0).get("gain_db");
            assertTrue(db >= -6 && db <= 6);
            float factor = (float) Math.pow(10, db / 20);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i] * factor, audio.samples()[i], 0f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Gain.db(6, -6));
        assertThrows(IllegalArgumentException.class, () -> Gain.db(-200, 0));
    }

    @Test
    void gainTransitionHoldsTheFirstGainBeforeAndTheSecondAfterMovingMonotonicallyInDecibels() {
        float[] ones = new float[8_000];
        Arrays.fill(ones, 1f);
        AugmentContext context = AugmentContext.forItem(3, 0, 1, 0);
        Audio out = GainTransition.of(-24, 6, 0.05, 0.2).apply(Audio.mono(ones, RATE), context);
        Applied applied = context.applied().get(0);
        int start = (int) applied.get("start_frame");
        int length = (int) applied.get("transition_frames");
        assertTrue(length >= 800 && length <= 3_200, "0.05..0.2 s at 16 kHz: " + length);
        float before = (float) Math.pow(10, applied.get("gain_in_db") / 20);
        float after = (float) Math.pow(10, applied.get("gain_out_db") / 20);
        for (int t = 0; t < start; t++) {
            assertEquals(before, out.samples()[t], 0f);
        }
        for (int t = start + length; t < ones.length; t++) {
            assertEquals(after, out.samples()[t], 0f);
        }
        double direction = Math.signum(after - before);
        for (int t = start + 1; t < start + length; t++) {
            assertTrue((out.samples()[t] - out.samples()[t - 1]) * direction >= 0, "monotonic at " + t);
        }
    }

    @Test
    void polarityInversionNegatesAndIsItsOwnInverse() {
        Audio audio = stereoNoise(2);
        float[] before = audio.samples().clone();
        PolarityInversion.create().apply(audio, AugmentContext.forItem(0, 0, 0, 0));
        for (int i = 0; i < before.length; i++) {
            assertEquals(-before[i], audio.samples()[i], 0f);
        }
        PolarityInversion.create().apply(audio, AugmentContext.forItem(0, 0, 0, 0));
        assertArrayEquals(before, audio.samples(), 0f);
    }

    @Test
    void clipClampsToItsBoundsAndZeroesNaN() {
        float[] samples = {-3f, -1f, -0.25f, 0f, 0.5f, 2f, Float.NaN, Float.POSITIVE_INFINITY};
        Clip.between(-0.5, 0.5).apply(Audio.mono(samples, RATE), AugmentContext.forItem(0, 0, 0, 0));
        assertArrayEquals(new float[] {-0.5f, -0.5f, -0.25f, 0f, 0.5f, 0.5f, 0f, 0.5f}, samples, 0f);
        assertThrows(IllegalArgumentException.class, () -> Clip.between(1, 1));
    }

    @Test
    void normalizeMakesThePeakExactlyOneAndLeavesSilenceAlone() {
        float[] samples = {0.1f, -0.4f, 0.3f};
        AugmentContext context = AugmentContext.forItem(0, 0, 0, 0);
        Normalize.peak().apply(Audio.mono(samples, RATE), context);
        assertEquals(-1f, samples[1], 0f);
        assertEquals(0.25f, samples[0], 1e-7f);
        assertEquals(-20 * Math.log10(0.4f), context.applied().get(0).get("gain_db"), 1e-9);
        float[] silence = new float[5];
        AugmentContext quiet = AugmentContext.forItem(0, 0, 0, 0);
        Normalize.peak().apply(Audio.mono(silence, RATE), quiet);
        assertArrayEquals(new float[5], silence, 0f);
        assertTrue(quiet.applied().isEmpty());
    }
}
