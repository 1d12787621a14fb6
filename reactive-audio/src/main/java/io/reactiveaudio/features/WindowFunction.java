package io.reactiveaudio.features;

/**
 * The analysis window of an STFT. A <em>periodic</em> window of length {@code N} is the first
 * {@code N} points of the symmetric window of length {@code N + 1} (what spectral analysis wants,
 * torch's {@code periodic=True} default); a <em>symmetric</em> one is symmetric about its centre
 * (filter design, {@code periodic=False}). Formulas as in torch: with {@code M = N} (periodic) or
 * {@code M = N - 1} (symmetric) and {@code n = 0 .. N-1}.
 */
public enum WindowFunction {

    /** {@code 0.5 - 0.5 cos(2 pi n / M)}; torch {@code hann_window}. */
    HANN(0.5, 0.5, 0),

    /** {@code 0.54 - 0.46 cos(2 pi n / M)}; torch {@code hamming_window}. */
    HAMMING(0.54, 0.46, 0),

    /** {@code 0.42 - 0.5 cos(2 pi n / M) + 0.08 cos(4 pi n / M)}; torch {@code blackman_window}. */
    BLACKMAN(0.42, 0.5, 0.08),

    /** All ones (no window). */
    RECTANGULAR(1, 0, 0);

    private final double a0;
    private final double a1;
    private final double a2;

    WindowFunction(double a0, double a1, double a2) {
        this.a0 = a0;
        this.a1 = a1;
        this.a2 = a2;
    }

    /**
     * The window's {@code length} coefficients, computed in double precision.
     *
     * @throws IllegalArgumentException if {@code length < 1}
     */
    public double[] coefficients(int length, boolean periodic) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be at least 1, got " + length);
        }
        double[] w = new double[length];
        if (length == 1) {
            w[0] = 1;
            return w;
        }
        int m = periodic ? length : length - 1;
        for (int n = 0; n < length; n++) {
            double phase = 2 * Math.PI * n / m;
            w[n] = a0 - a1 * Math.cos(phase) + a2 * Math.cos(2 * phase);
        }
        return w;
    }
}
