package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;

/**
 * Multiplies the audio by a gain drawn uniformly in dB (audiomentations {@code Gain},
 * {@code min_gain_db}/{@code max_gain_db}). Records {@code gain_db}. No clipping: follow with
 * {@link Clip} if the consumer needs [-1, 1]. Immutable and thread-safe.
 */
public final class Gain implements Augmentation {

    private final Range gainDb;

    private Gain(Range gainDb) {
        this.gainDb = gainDb;
    }

    /**
     * A gain drawn from {@code [minDb, maxDb]}, each within ±120 dB.
     *
     * @throws IllegalArgumentException for a range that is empty, not finite or beyond ±120 dB
     */
    public static Gain db(double minDb, double maxDb) {
        return new Gain(new Range("gain_db", minDb, maxDb).within(-120, 120));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double db = gainDb.draw(context);
        scale(audio.samples(), (float) Math.pow(10, db / 20));
        context.record(Applied.of("Gain", "gain_db", db));
        return audio;
    }

    static void scale(float[] samples, float factor) {
        for (int i = 0; i < samples.length; i++) {
            samples[i] *= factor;
        }
    }

    @Override
    public String toString() {
        return "Gain(" + gainDb.min() + ".." + gainDb.max() + " dB)";
    }
}
