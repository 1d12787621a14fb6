package io.reactiveaudio.dsp.vad;

/**
 * A stretch of a signal, in samples from the start of what was analysed: {@code [begin, begin +
 * length)}. Empty (length 0, begin 0) when the whole signal is silent. Immutable.
 *
 * @param begin index of the first sample, 0 or more
 * @param length number of samples, 0 or more
 */
public record NonSilentRegion(int begin, int length) {

    /** The empty region. */
    public static final NonSilentRegion EMPTY = new NonSilentRegion(0, 0);

    /** Validates the bounds. */
    public NonSilentRegion {
        if (begin < 0 || length < 0) {
            throw new IllegalArgumentException("begin and length must not be negative: " + begin + ", " + length);
        }
    }

    /** The index one past the last sample. */
    public int end() {
        return begin + length;
    }

    /** True when the region has no samples (the signal was silent throughout). */
    public boolean isEmpty() {
        return length == 0;
    }
}
