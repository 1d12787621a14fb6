package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;

/**
 * Flips the sign of every sample (audiomentations {@code PolarityInversion}): inaudible alone, but
 * it changes the waveform the model sees. Immutable and thread-safe.
 */
public final class PolarityInversion implements Augmentation {

    private static final PolarityInversion INSTANCE = new PolarityInversion();

    private PolarityInversion() {
    }

    /** The transform (use {@link #p} to apply it to a share of the items). */
    public static PolarityInversion create() {
        return INSTANCE;
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        float[] samples = audio.samples();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = -samples[i];
        }
        context.record(Applied.of("PolarityInversion"));
        return audio;
    }

    @Override
    public String toString() {
        return "PolarityInversion";
    }
}
