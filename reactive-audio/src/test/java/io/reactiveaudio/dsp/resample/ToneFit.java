package io.reactiveaudio.dsp.resample;

/**
 * The least-squares fit of one sinusoid of known frequency, {@code a cos(wk) + b sin(wk)}, to a
 * stretch of a mono signal: its amplitude, and the RMS of what the tone does not explain (aliases,
 * images, noise). Exact for a pure tone whatever the stretch's length.
 *
 * @param amplitude peak amplitude of the fitted tone
 * @param residualRms RMS of the signal minus the fitted tone
 */
record ToneFit(double amplitude, double residualRms) {

    /**
     * Fits a tone of {@code hz} to {@code signal[from, to)} sampled at {@code sampleRate}.
     */
    static ToneFit of(float[] signal, int from, int to, double hz, int sampleRate) {
        double w = 2 * Math.PI * hz / sampleRate;
        double cc = 0;
        double ss = 0;
        double cs = 0;
        double yc = 0;
        double ys = 0;
        for (int k = from; k < to; k++) {
            double c = Math.cos(w * k);
            double s = Math.sin(w * k);
            cc += c * c;
            ss += s * s;
            cs += c * s;
            yc += signal[k] * c;
            ys += signal[k] * s;
        }
        double det = cc * ss - cs * cs;
        double a = (yc * ss - ys * cs) / det;
        double b = (ys * cc - yc * cs) / det;
        double residual = 0;
        for (int k = from; k < to; k++) {
            double e = signal[k] - a * Math.cos(w * k) - b * Math.sin(w * k);
            residual += e * e;
        }
        return new ToneFit(Math.hypot(a, b), Math.sqrt(residual / (to - from)));
    }

    /** The tone's gain in dB against an input of peak amplitude {@code inputAmplitude}. */
    double gainDb(double inputAmplitude) {
        return 20 * Math.log10(amplitude / inputAmplitude);
    }

    /** The residual's level in dB relative to the tone's RMS ({@code amplitude / sqrt 2}). */
    double residualDb() {
        return 20 * Math.log10(residualRms / (amplitude / Math.sqrt(2)));
    }
}
