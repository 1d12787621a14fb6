package io.reactiveaudio.live;

/**
 * The format of a live stream: sample rate in Hz and interleaved channels; samples are float32,
 * full scale 1.0. Immutable.
 *
 * @param sampleRate samples per second per channel, in Hz
 * @param channels   interleaved channels per frame
 */
public record LiveFormat(int sampleRate, int channels) {

    /** Checks the values. */
    public LiveFormat {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate + " Hz");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
    }

    /** Mono at {@code sampleRate} Hz. */
    public static LiveFormat mono(int sampleRate) {
        return new LiveFormat(sampleRate, 1);
    }

    /** Frames (samples per channel) in {@code seconds}, rounded to the nearest frame. */
    public long frames(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and non-negative: " + seconds);
        }
        return Math.round(seconds * sampleRate);
    }

    /** Seconds spanned by {@code frames} frames. */
    public double seconds(long frames) {
        return frames / (double) sampleRate;
    }
}
