package io.reactiveaudio.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparisons of computed features with torchaudio's reference arrays, with the acceptance
 * tolerances: spectra and mels within a fraction of the array's maximum, decibel values and
 * coefficients within an absolute bound.
 */
public final class Reference {

    /** Power and mel spectra: within this fraction of the array's maximum. */
    public static final double SPECTRUM_OF_MAX = 1e-5;
    /** Log-mel and MFCC: within this absolute bound (dB units). */
    public static final double DB_ABSOLUTE = 2e-3;
    /** Filter bank weights: within this absolute bound. */
    public static final double FBANK_ABSOLUTE = 1e-6;

    private Reference() {
    }

    /** The features of a whole signal, {@code (bins, frames)}. */
    public static float[] compute(FeatureExtractor extractor, float[] signal) {
        float[] out = new float[extractor.bins() * extractor.frames(signal.length)];
        extractor.newWorker().compute(signal, 0, signal.length, out, 0, FeatureLayout.BINS_FRAMES);
        return out;
    }

    /** Same shape, and every value within {@code fraction} of the reference's largest absolute value. */
    public static void assertWithinOfMax(Npy expected, float[] actual, int bins, double fraction, String what) {
        assertWithin(expected, actual, bins, fraction * expected.maxAbs(), what);
    }

    /** Same shape, and every value within {@code tolerance}. */
    public static void assertWithin(Npy expected, float[] actual, int bins, double tolerance, String what) {
        assertArrayEquals(expected.shape(), new int[] {bins, actual.length / bins}, what + ": shape");
        assertTrue(actual.length % bins == 0, what + ": not a whole number of frames");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < actual.length; i++) {
            double diff = Math.abs(expected.data()[i] - actual[i]);
            if (Double.isNaN(diff) || diff > worst) {
                worst = diff;
                at = i;
            }
        }
        double error = worst;
        int index = at;
        assertTrue(error <= tolerance, () -> what + ": max |diff| " + error + " at (" + index / (actual.length / bins)
                + ", " + index % (actual.length / bins) + ") over the tolerance " + tolerance);
    }
}
