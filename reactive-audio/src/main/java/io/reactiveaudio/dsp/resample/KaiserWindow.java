package io.reactiveaudio.dsp.resample;

/**
 * Kaiser's window, with his empirical formulas for designing windowed FIR lowpass filters
 * (Oppenheim and Schafer, "Discrete-Time Signal Processing", section 7.5.3). Immutable and
 * thread-safe.
 */
final class KaiserWindow {

    private final double beta;
    private final double besselI0OfBeta;

    /** A window of shape parameter {@code beta} (0 is rectangular; larger is smoother). */
    KaiserWindow(double beta) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("beta must not be negative: " + beta);
        }
        this.beta = beta;
        this.besselI0OfBeta = besselI0(beta);
    }

    /**
     * The window whose filters reach a stopband attenuation (and passband ripple) of
     * {@code attenuationDb}, for attenuations above 50 dB: {@code beta = 0.1102 (A - 8.7)}.
     */
    static KaiserWindow forAttenuation(double attenuationDb) {
        if (!(attenuationDb > 50)) {
            throw new IllegalArgumentException("the formula holds above 50 dB: " + attenuationDb);
        }
        return new KaiserWindow(0.1102 * (attenuationDb - 8.7));
    }

    /**
     * The filter order (length minus one, in samples) that reaches {@code attenuationDb} across a
     * transition band {@code transitionWidth} wide, in cycles per sample:
     * {@code (A - 7.95) / (2.285 * 2 pi * width)}.
     */
    static double order(double attenuationDb, double transitionWidth) {
        return (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth);
    }

    /** The shape parameter. */
    double beta() {
        return beta;
    }

    /**
     * The window at {@code x}, where {@code x} runs from -1 to 1 across the window, and 0 outside:
     * {@code I0(beta sqrt(1 - x^2)) / I0(beta)}, 1 at the centre.
     */
    double at(double x) {
        if (Math.abs(x) > 1) {
            return 0;
        }
        return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0OfBeta;
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double quarterSquare = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; term > sum * 1e-17; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
