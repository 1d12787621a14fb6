package io.reactiveaudio.features.mfcc;

import java.util.Objects;

/**
 * The DCT-II of a mel frame, as torchaudio's {@code create_dct(n_mfcc, n_mels, norm)}:
 * {@code c[k] = sum_n x[n] cos(pi / n_mels * (n + 0.5) * k) * s(k)}, k = 0 .. n_mfcc - 1, with
 * {@code s(0) = sqrt(1 / n_mels)} and {@code s(k) = sqrt(2 / n_mels)} when {@link DctNorm#ORTHO}
 * orthonormal, {@code s = 2} when unscaled. The matrix is computed in double precision and kept
 * in float32.
 *
 * <p>Immutable and thread-safe.
 */
public final class Dct {

    private final int mels;
    private final int coefficients;
    private final float[] matrix;

    /**
     * The first {@code coefficients} rows of the DCT-II of {@code mels} points.
     *
     * @throws IllegalArgumentException unless {@code 1 <= coefficients <= mels}
     */
    public Dct(int coefficients, int mels, DctNorm norm) {
        Objects.requireNonNull(norm, "norm");
        if (mels < 1) {
            throw new IllegalArgumentException("n_mels must be at least 1, got " + mels);
        }
        if (coefficients < 1 || coefficients > mels) {
            throw new IllegalArgumentException("n_mfcc must be in 1.." + mels + " (n_mels), got " + coefficients);
        }
        this.mels = mels;
        this.coefficients = coefficients;
        this.matrix = new float[coefficients * mels];
        for (int k = 0; k < coefficients; k++) {
            double scale = norm == DctNorm.NONE ? 2 : Math.sqrt((k == 0 ? 1.0 : 2.0) / mels);
            for (int n = 0; n < mels; n++) {
                matrix[k * mels + n] = (float) (Math.cos(Math.PI / mels * (n + 0.5) * k) * scale);
            }
        }
    }

    /** Input points ({@code n_mels}). */
    public int mels() {
        return mels;
    }

    /** Output coefficients ({@code n_mfcc}). */
    public int coefficients() {
        return coefficients;
    }

    /** Coefficient k's weight of input n. */
    public float weight(int n, int k) {
        return matrix[k * mels + n];
    }

    /**
     * Transforms {@code in[offset .. offset + n_mels)} into {@code out[outOffset + k * stride]},
     * k = 0 .. n_mfcc - 1, summed in float32. Allocates nothing.
     */
    public void apply(float[] in, int offset, float[] out, int outOffset, int stride) {
        Objects.checkFromIndexSize(offset, mels, in.length);
        for (int k = 0; k < coefficients; k++) {
            int row = k * mels;
            float sum = 0f;
            for (int n = 0; n < mels; n++) {
                sum += matrix[row + n] * in[offset + n];
            }
            out[outOffset + k * stride] = sum;
        }
    }
}
