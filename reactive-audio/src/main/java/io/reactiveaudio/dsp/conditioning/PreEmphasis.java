package io.reactiveaudio.dsp.conditioning;

import java.util.Arrays;
import java.util.Objects;

/**
 * The first-order pre-emphasis filter {@code y[n] = x[n] - coefficient * x[n - 1]}, which lifts
 * high frequencies (+6 dB per octave well above {@code (1 - coefficient) * sampleRate / 2pi}),
 * with the sample before the start taken as 0, as torchaudio's {@code preemphasis} does (so
 * {@code y[0] = x[0]}). Interleaved channels are filtered each on its own.
 *
 * <p>{@link #apply} filters a whole signal; an instance filters a stream in chunks of any size,
 * carrying each channel's last sample from one chunk to the next, and gives bit for bit what
 * {@code apply} gives on the concatenated chunks (both compute {@code x - c * prev} in float32).
 * An instance is not thread-safe: one per stream; {@link #reset} starts a new stream.
 */
public final class PreEmphasis {

    /** The usual coefficient, torchaudio's and Kaldi's default. */
    public static final float DEFAULT_COEFFICIENT = 0.97f;

    private final float coefficient;
    private final float[] previous;

    /**
     * A streaming filter.
     *
     * @param coefficient in [0, 1]; 0 passes the signal unchanged
     * @param channels interleaved channels per frame, positive
     */
    public PreEmphasis(float coefficient, int channels) {
        this.coefficient = checkCoefficient(coefficient);
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        this.previous = new float[channels];
    }

    /**
     * Filters a whole interleaved signal in place.
     *
     * @throws IllegalArgumentException if the coefficient is outside [0, 1], {@code channels} is
     *     not positive, or the signal is not whole frames
     */
    public static void apply(float[] signal, int channels, float coefficient) {
        PreEmphasis filter = new PreEmphasis(coefficient, channels);
        if (signal.length % channels != 0) {
            throw new IllegalArgumentException(signal.length + " samples are not whole " + channels + "-channel frames");
        }
        filter.process(signal, 0, signal, 0, signal.length / channels);
    }

    /**
     * Filters the next {@code frames} frames of the stream from {@code in} into {@code out}
     * (which may be {@code in}, at the same offset, to filter in place).
     */
    public void process(float[] in, int inFrameOffset, float[] out, int outFrameOffset, int frames) {
        int channels = previous.length;
        checkFrames("in", in, inFrameOffset, frames, channels);
        checkFrames("out", out, outFrameOffset, frames, channels);
        float c = coefficient;
        for (int ch = 0; ch < channels; ch++) {
            float prev = previous[ch];
            for (int i = inFrameOffset * channels + ch, o = outFrameOffset * channels + ch, end = i + frames * channels;
                    i < end; i += channels, o += channels) {
                float x = in[i];
                out[o] = x - c * prev;
                prev = x;
            }
            previous[ch] = prev;
        }
    }

    /** Forgets the stream: the next sample's predecessor is 0 again. */
    public void reset() {
        Arrays.fill(previous, 0f);
    }

    /** The coefficient. */
    public float coefficient() {
        return coefficient;
    }

    private static void checkFrames(String name, float[] array, int frameOffset, int frames, int channels) {
        Objects.requireNonNull(array, name);
        if (frameOffset < 0 || frames < 0 || ((long) frameOffset + frames) * channels > array.length) {
            throw new IndexOutOfBoundsException(String.format("%s: %d frames from frame %d (%d channels) do not fit %d samples",
                    name, frames, frameOffset, channels, array.length));
        }
    }

    private static float checkCoefficient(float coefficient) {
        if (!(coefficient >= 0 && coefficient <= 1)) {
            throw new IllegalArgumentException("coefficient must be in [0, 1]: " + coefficient);
        }
        return coefficient;
    }
}
