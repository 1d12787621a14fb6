package io.reactiveaudio.dsp.conditioning;

import java.util.Objects;

/**
 * Per-utterance mean and variance normalisation: {@code y = (x - mean) / sqrt(variance + epsilon)},
 * with the mean and the population variance (divided by n) of the whole utterance, computed in
 * double, as Hugging Face's {@code zero_mean_unit_var_norm} does for waveforms (epsilon 1e-7).
 * {@link #normalizeRows} does the same to each row of a matrix on its own, the per-utterance CMVN
 * of a {@code (bins, frames)} feature matrix. The epsilon keeps silence finite: all zeros stay 0.
 *
 * <p>Immutable and thread-safe; works in place and allocates nothing.
 */
public final class MeanVarianceNormalization {

    /** The variance floor Hugging Face's feature extractors use. */
    public static final double DEFAULT_EPSILON = 1e-7;

    private static final MeanVarianceNormalization DEFAULTS = new MeanVarianceNormalization(DEFAULT_EPSILON);

    private final double epsilon;

    private MeanVarianceNormalization(double epsilon) {
        this.epsilon = epsilon;
    }

    /** With epsilon 1e-7. */
    public static MeanVarianceNormalization defaults() {
        return DEFAULTS;
    }

    /** With {@code epsilon} added to the variance, not negative (0 leaves a constant signal NaN). */
    public static MeanVarianceNormalization withEpsilon(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and not negative: " + epsilon);
        }
        return new MeanVarianceNormalization(epsilon);
    }

    /** The epsilon. */
    public double epsilon() {
        return epsilon;
    }

    /** Normalises a whole signal in place. */
    public void normalize(float[] signal) {
        normalize(signal, 0, signal.length, 1);
    }

    /**
     * Normalises {@code count} values in place, {@code signal[offset + k * stride]} for k in
     * {@code [0, count)}: one channel of an interleaved signal (stride = channels), or a column.
     */
    public void normalize(float[] signal, int offset, int count, int stride) {
        Objects.requireNonNull(signal, "signal");
        if (stride <= 0 || offset < 0 || count < 0
                || (count > 0 && offset + (long) (count - 1) * stride >= signal.length)) {
            throw new IndexOutOfBoundsException(String.format(
                    "%d values from %d with stride %d do not fit %d", count, offset, stride, signal.length));
        }
        if (count == 0) {
            return;
        }
        double sum = 0;
        for (int k = 0, i = offset; k < count; k++, i += stride) {
            sum += signal[i];
        }
        double mean = sum / count;
        // the two-pass variance: no cancellation for signals far from zero mean
        double squares = 0;
        for (int k = 0, i = offset; k < count; k++, i += stride) {
            double d = signal[i] - mean;
            squares += d * d;
        }
        double scale = 1 / Math.sqrt(squares / count + epsilon);
        for (int k = 0, i = offset; k < count; k++, i += stride) {
            signal[i] = (float) ((signal[i] - mean) * scale);
        }
    }

    /**
     * Normalises each row of a row-major {@code rows × columns} matrix on its own, in place: for
     * a {@code (bins, frames)} spectrogram, each bin over the utterance's frames.
     */
    public void normalizeRows(float[] matrix, int rows, int columns) {
        Objects.requireNonNull(matrix, "matrix");
        if (rows < 0 || columns < 0 || (long) rows * columns != matrix.length) {
            throw new IllegalArgumentException(
                    rows + " x " + columns + " does not match a matrix of " + matrix.length + " values");
        }
        for (int r = 0; r < rows; r++) {
            normalize(matrix, r * columns, columns, 1);
        }
    }
}
