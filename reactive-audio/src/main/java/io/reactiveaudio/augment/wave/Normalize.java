package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;

/**
 * Scales the audio so that its largest absolute sample is exactly 1 (audiomentations
 * {@code Normalize}, peak normalisation); digital silence is left alone. Records {@code gain_db}.
 * Deterministic: draws nothing. Immutable and thread-safe.
 */
public final class Normalize implements Augmentation {

    private static final Normalize INSTANCE = new Normalize();

    private Normalize() {
    }

    /** Peak normalisation to 1. */
    public static Normalize peak() {
        return INSTANCE;
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        float peak = 0;
        for (float s : audio.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        if (peak > 0) {
            float[] samples = audio.samples();
            for (int i = 0; i < samples.length; i++) {
                samples[i] /= peak;
            }
            context.record(Applied.of("Normalize", "gain_db", -20 * Math.log10(peak)));
        }
        return audio;
    }

    @Override
    public String toString() {
        return "Normalize";
    }
}
