package io.reactiveaudio.test;

import java.util.SplittableRandom;

/**
 * Seeded test signals as interleaved float32 arrays ({@code frames * channels} long, frame
 * {@code i}, channel {@code c} at {@code i * channels + c}), amplitudes at full scale 1.0.
 *
 * <p>Channel {@code c} of a tone or chirp is shifted in frequency by {@code c * 10 %} so that a
 * decoder that swaps or mixes channels is caught. Every method is a pure function of its
 * arguments: the same seed gives the same samples. Thread-safe.
 */
public final class Signals {

    private Signals() {
    }

    /**
     * A sine tone.
     *
     * @param sampleRate in Hz
     * @param channels number of channels
     * @param frames length in sample frames
     * @param hz frequency of channel 0 in Hz
     * @param amplitude peak amplitude (1.0 = full scale)
     */
    public static float[] sine(int sampleRate, int channels, int frames, double hz, double amplitude) {
        check(sampleRate, channels, frames);
        float[] out = new float[frames * channels];
        for (int c = 0; c < channels; c++) {
            double w = 2 * Math.PI * hz * (1 + 0.1 * c) / sampleRate;
            for (int i = 0; i < frames; i++) {
                out[i * channels + c] = (float) (amplitude * Math.sin(w * i));
            }
        }
        return out;
    }

    /**
     * A linear sine sweep from {@code fromHz} to {@code toHz} over the whole length.
     *
     * @param sampleRate in Hz
     * @param channels number of channels
     * @param frames length in sample frames
     * @param fromHz start frequency of channel 0 in Hz
     * @param toHz end frequency of channel 0 in Hz
     * @param amplitude peak amplitude (1.0 = full scale)
     */
    public static float[] chirp(int sampleRate, int channels, int frames, double fromHz, double toHz,
                                double amplitude) {
        check(sampleRate, channels, frames);
        float[] out = new float[frames * channels];
        double seconds = (double) frames / sampleRate;
        for (int c = 0; c < channels; c++) {
            double scale = 1 + 0.1 * c;
            double f0 = fromHz * scale;
            double rate = (toHz - fromHz) * scale / seconds;
            for (int i = 0; i < frames; i++) {
                double t = (double) i / sampleRate;
                out[i * channels + c] = (float) (amplitude * Math.sin(2 * Math.PI * (f0 * t + 0.5 * rate * t * t)));
            }
        }
        return out;
    }

    /**
     * Uniform white noise in {@code [-amplitude, amplitude]}, independent per channel (rounding
     * to float32 can reach {@code +amplitude}).
     *
     * @param seed generator seed: the same seed gives the same noise
     */
    public static float[] noise(long seed, int sampleRate, int channels, int frames, double amplitude) {
        check(sampleRate, channels, frames);
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[frames * channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (amplitude * (2 * random.nextDouble() - 1));
        }
        return out;
    }

    /**
     * Silence with single-sample clicks of the given amplitude every {@code periodFrames} frames,
     * starting at frame 0, on every channel; useful to measure delays and alignment.
     */
    public static float[] clicks(int sampleRate, int channels, int frames, int periodFrames, double amplitude) {
        check(sampleRate, channels, frames);
        if (periodFrames <= 0) {
            throw new IllegalArgumentException("periodFrames must be positive: " + periodFrames);
        }
        float[] out = new float[frames * channels];
        for (int i = 0; i < frames; i += periodFrames) {
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = (float) amplitude;
            }
        }
        return out;
    }

    /** Sums signals of equal length sample by sample. */
    public static float[] mix(float[] first, float[]... others) {
        float[] out = first.clone();
        for (float[] other : others) {
            if (other.length != out.length) {
                throw new IllegalArgumentException("lengths differ: " + out.length + " and " + other.length);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] += other[i];
            }
        }
        return out;
    }

    private static void check(int sampleRate, int channels, int frames) {
        if (sampleRate <= 0 || channels <= 0 || frames < 0) {
            throw new IllegalArgumentException(
                    "need sampleRate > 0, channels > 0, frames >= 0: " + sampleRate + ", " + channels + ", " + frames);
        }
    }
}
