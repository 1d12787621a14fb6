package io.reactiveaudio.augment;

import java.util.Objects;

/**
 * The audio an augmentation works on: interleaved float32 samples (nominal range -1..1) of
 * {@code frames} sample frames by {@code channels} channels at {@code sampleRate} Hz.
 *
 * <p>Augmentations may change the samples in place, so an {@code Audio} passed to one belongs to
 * it: keep no other reference to the array. Not thread-safe.
 *
 * @param samples interleaved samples, exactly {@code frames * channels} long
 * @param frames length in sample frames (at least 1)
 * @param channels channel count (at least 1)
 * @param sampleRate sample rate in Hz (at least 1)
 */
public record Audio(float[] samples, int frames, int channels, int sampleRate) {

    /** Validates the fields. */
    public Audio {
        Objects.requireNonNull(samples, "samples");
        if (frames < 1 || channels < 1 || sampleRate < 1) {
            throw new IllegalArgumentException("need frames, channels and sampleRate >= 1, got "
                    + frames + ", " + channels + ", " + sampleRate);
        }
        if (samples.length != (long) frames * channels) {
            throw new IllegalArgumentException(samples.length + " samples are not " + frames + " x " + channels);
        }
    }

    /** Mono audio of the given samples. */
    public static Audio mono(float[] samples, int sampleRate) {
        return new Audio(samples, samples.length, 1, sampleRate);
    }

    /** Audio of other samples (another length) with these channels and this rate. */
    public Audio withSamples(float[] newSamples) {
        return new Audio(newSamples, newSamples.length / channels, channels, sampleRate);
    }

    /** Duration in seconds. */
    public double seconds() {
        return (double) frames / sampleRate;
    }

    /** Mean power of all samples (mean square, all channels together); 0 for silence. */
    public double meanPower() {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < samples.length; i += 4) {
            s0 += (double) samples[i] * samples[i];
            s1 += (double) samples[i + 1] * samples[i + 1];
            s2 += (double) samples[i + 2] * samples[i + 2];
            s3 += (double) samples[i + 3] * samples[i + 3];
        }
        for (; i < samples.length; i++) {
            s0 += (double) samples[i] * samples[i];
        }
        return (s0 + s1 + s2 + s3) / samples.length;
    }
}
