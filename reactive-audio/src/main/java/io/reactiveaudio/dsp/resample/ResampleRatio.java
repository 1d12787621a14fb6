package io.reactiveaudio.dsp.resample;

/**
 * A sample-rate conversion from {@code inputRate} to {@code outputRate} (both in Hz), as the
 * reduced fraction {@code up / down = outputRate / inputRate}: 44 100 Hz to 16 000 Hz is 160/441,
 * 48 000 Hz to 16 000 Hz is 1/3, 44 100 Hz to 48 000 Hz is 160/147.
 *
 * <p>Output frame {@code k} lies at input time {@code k * down / up} (in input frames), so a
 * stream of {@code n} input frames, spanning input times {@code [0, n)}, resamples to
 * {@link #outputFrames(long) ceil(n * up / down)} frames. Immutable and thread-safe.
 *
 * @param inputRate input sample rate in Hz, positive
 * @param outputRate output sample rate in Hz, positive
 */
public record ResampleRatio(int inputRate, int outputRate) {

    /** Validates the rates. */
    public ResampleRatio {
        if (inputRate <= 0 || outputRate <= 0) {
            throw new IllegalArgumentException(
                    "sample rates must be positive: inputRate " + inputRate + " Hz, outputRate " + outputRate + " Hz");
        }
    }

    /** The interpolation factor: {@code outputRate / gcd(inputRate, outputRate)}. */
    public int up() {
        return outputRate / gcd(inputRate, outputRate);
    }

    /** The decimation factor: {@code inputRate / gcd(inputRate, outputRate)}. */
    public int down() {
        return inputRate / gcd(inputRate, outputRate);
    }

    /** True when the rates are equal, so resampling is a pass-through. */
    public boolean isIdentity() {
        return inputRate == outputRate;
    }

    /**
     * The length in frames of the resampled stream: {@code ceil(inputFrames * up / down)}, the
     * number of output times {@code k * down / up} that fall within {@code [0, inputFrames)}.
     *
     * @throws IllegalArgumentException if {@code inputFrames} is negative
     * @throws ArithmeticException if {@code inputFrames * up} overflows a {@code long}
     */
    public long outputFrames(long inputFrames) {
        if (inputFrames < 0) {
            throw new IllegalArgumentException("inputFrames must not be negative: " + inputFrames);
        }
        long down = down();
        return (Math.multiplyExact(inputFrames, up()) + down - 1) / down;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }
}
