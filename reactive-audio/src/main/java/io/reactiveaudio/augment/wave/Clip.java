package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;

/**
 * Clamps every sample to {@code [min, max]} (audiomentations {@code Clip}, {@code a_min}/{@code a_max});
 * NaN samples become 0. Deterministic: draws nothing. Immutable and thread-safe.
 */
public final class Clip implements Augmentation {

    private final float min;
    private final float max;

    private Clip(float min, float max) {
        this.min = min;
        this.max = max;
    }

    /** Clamps to [-1, 1], the nominal float range. */
    public static Clip unit() {
        return between(-1, 1);
    }

    /**
     * Clamps to {@code [min, max]}.
     *
     * @throws IllegalArgumentException unless both are finite and {@code min < max}
     */
    public static Clip between(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min >= max) {
            throw new IllegalArgumentException("Clip needs finite a_min < a_max, got " + min + ", " + max);
        }
        return new Clip((float) min, (float) max);
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        float[] samples = audio.samples();
        for (int i = 0; i < samples.length; i++) {
            float s = samples[i];
            samples[i] = s != s ? 0f : Math.max(min, Math.min(max, s));
        }
        context.record(Applied.of("Clip", "a_min", (double) min, "a_max", (double) max));
        return audio;
    }

    @Override
    public String toString() {
        return "Clip(" + min + ", " + max + ")";
    }
}
