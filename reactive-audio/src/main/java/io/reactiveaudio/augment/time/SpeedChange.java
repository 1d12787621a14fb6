package io.reactiveaudio.augment.time;

import io.reactiveaudio.dsp.resample.PolyphaseFilter;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.dsp.resample.ResampleRatio;

/**
 * Plays audio {@code factor} times faster by resampling, so duration and pitch change together:
 * the samples are taken as if recorded at {@code factor * sampleRate} and resampled to
 * {@code sampleRate} with the project's polyphase resampler (flat to 0.9 of the lower Nyquist
 * frequency, 90 dB down beyond it), filters shared through {@link FilterCache}.
 *
 * <p>Factors are quantised to multiples of {@value #STEP} (at most {@value #PHASES} filter
 * phases): a relative error of at most {@code 0.0005 / factor}, 0.05 % at factor 1 and 0.1 % at
 * 0.5. Stateless and thread-safe.
 */
final class SpeedChange {

    /** Filter phases at most: factors are multiples of {@code 1 / PHASES}. */
    static final int PHASES = 1000;
    /** The factor's resolution. */
    static final double STEP = 1.0 / PHASES;

    private SpeedChange() {
    }

    /** {@code factor} rounded to a multiple of {@value #STEP}, the factor {@link #play} applies. */
    static double quantise(double factor) {
        return Math.round(factor * PHASES) / (double) PHASES;
    }

    /** The length in frames of {@code frames} frames played {@code factor} times faster: {@code round(frames / factor)}, at least 1. */
    static int outputFrames(int frames, double factor) {
        return (int) Math.max(1, Math.round(frames / quantise(factor)));
    }

    /**
     * Interleaved audio played {@link #quantise quantise(factor)} times faster: a new array of
     * {@link #outputFrames outputFrames(frames, factor)} frames, or the input itself for factor 1.
     */
    static float[] play(float[] interleaved, int channels, double factor) {
        long scaled = Math.round(factor * PHASES);
        if (scaled == PHASES) {
            return interleaved;
        }
        int frames = interleaved.length / channels;
        PolyphaseFilter filter = FilterCache.filter(new ResampleRatio(Math.toIntExact(scaled), PHASES));
        PolyphaseResampler resampler = new PolyphaseResampler(filter, channels);
        int length = outputFrames(frames, factor);
        float[] full = new float[Math.multiplyExact(resampler.maxOutputFrames(frames), channels)];
        int written = resampler.process(interleaved, 0, frames, full, 0);
        resampler.flush(full, written);
        if (full.length == length * channels) {
            return full;
        }
        float[] out = new float[length * channels];
        System.arraycopy(full, 0, out, 0, out.length);
        return out;
    }
}
