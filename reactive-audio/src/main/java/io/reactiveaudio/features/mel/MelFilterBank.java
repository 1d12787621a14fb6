package io.reactiveaudio.features.mel;

import java.util.Arrays;
import java.util.Objects;

/**
 * Triangular mel filters over a onesided spectrum, as torchaudio's {@code melscale_fbanks}: bin k
 * of {@code n_freqs} is at {@code k * (sample_rate / 2) / (n_freqs - 1)} Hz (integer
 * {@code sample_rate / 2}, as torchaudio), the {@code n_mels + 2} edges are equally spaced in mels
 * from {@code f_min} to {@code f_max}, and filter m is the triangle in Hz rising from edge m to 1 at
 * edge m + 1 and falling to 0 at edge m + 2, times {@code 2 / (f[m + 2] - f[m])} with
 * {@link MelNorm#SLANEY slaney} norm. Weights are computed in double precision and kept in float32.
 *
 * <p>Sparse: each filter keeps only its run of non-zero bins, so {@link #apply} costs about twice the
 * bins covered instead of {@code n_freqs * n_mels} (a filter narrower than the bin spacing may be
 * all zero, as in torchaudio).
 *
 * <p>Immutable and thread-safe.
 */
public final class MelFilterBank {

    private final int freqs;
    private final int mels;
    private final int[] first;
    private final int[] start;
    private final int[] count;
    private final float[] weights;

    private MelFilterBank(int freqs, int mels, int[] first, int[] start, int[] count, float[] weights) {
        this.freqs = freqs;
        this.mels = mels;
        this.first = first;
        this.start = start;
        this.count = count;
        this.weights = weights;
    }

    /**
     * The filter bank of torchaudio's {@code melscale_fbanks(n_freqs, f_min, f_max, n_mels,
     * sample_rate, norm, mel_scale)}.
     *
     * @param freqs      onesided spectrum bins ({@code n_fft / 2 + 1}), at least 2
     * @param fMin       lowest edge in Hz, at least 0
     * @param fMax       highest edge in Hz, above {@code fMin}
     * @param mels       filters ({@code n_mels}), at least 1
     * @param sampleRate sample rate in Hz, at least 1
     * @throws IllegalArgumentException on a value out of range
     */
    public static MelFilterBank of(int freqs, double fMin, double fMax, int mels, int sampleRate, MelNorm norm,
                                   MelScale scale) {
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(scale, "mel_scale");
        if (freqs < 2) {
            throw new IllegalArgumentException("n_freqs must be at least 2, got " + freqs);
        }
        if (mels < 1) {
            throw new IllegalArgumentException("n_mels must be at least 1, got " + mels);
        }
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample_rate must be at least 1 Hz, got " + sampleRate);
        }
        if (!(fMin >= 0) || !(fMax > fMin) || Double.isInfinite(fMax)) {
            throw new IllegalArgumentException("need 0 <= f_min < f_max (Hz, finite), got f_min " + fMin
                    + ", f_max " + fMax);
        }
        double[] edges = edges(fMin, fMax, mels, scale);
        double nyquist = sampleRate / 2;
        int[] first = new int[mels];
        int[] start = new int[mels];
        int[] count = new int[mels];
        double[][] rows = new double[mels][];
        int total = 0;
        for (int m = 0; m < mels; m++) {
            double[] row = new double[freqs];
            int lo = -1;
            int hi = -1;
            for (int k = 0; k < freqs; k++) {
                row[k] = weight(nyquist * k / (freqs - 1), edges, m, norm);
                if (row[k] != 0) {
                    lo = lo < 0 ? k : lo;
                    hi = k;
                }
            }
            rows[m] = row;
            first[m] = Math.max(lo, 0);
            count[m] = lo < 0 ? 0 : hi - lo + 1;
            start[m] = total;
            total += count[m];
        }
        float[] weights = new float[total];
        for (int m = 0; m < mels; m++) {
            for (int i = 0; i < count[m]; i++) {
                weights[start[m] + i] = (float) rows[m][first[m] + i];
            }
        }
        return new MelFilterBank(freqs, mels, first, start, count, weights);
    }

    /** The {@code n_mels + 2} filter edges in Hz: equally spaced mels from f_min to f_max, converted back. */
    static double[] edges(double fMin, double fMax, int mels, MelScale scale) {
        double low = scale.toMel(fMin);
        double high = scale.toMel(fMax);
        double[] edges = new double[mels + 2];
        double step = (high - low) / (mels + 1);
        for (int i = 0; i < edges.length; i++) {
            edges[i] = scale.toHz(i == mels + 1 ? high : low + step * i);
        }
        return edges;
    }

    private static double weight(double hz, double[] edges, int m, MelNorm norm) {
        double down = (hz - edges[m]) / (edges[m + 1] - edges[m]);
        double up = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
        double w = Math.max(0, Math.min(down, up));
        return norm == MelNorm.SLANEY ? w * 2 / (edges[m + 2] - edges[m]) : w;
    }

    /** Spectrum bins the filters read ({@code n_freqs}). */
    public int freqs() {
        return freqs;
    }

    /** Filters ({@code n_mels}). */
    public int mels() {
        return mels;
    }

    /** The first bin of filter {@code mel}'s non-zero run. */
    public int firstBin(int mel) {
        return first[mel];
    }

    /** The length of filter {@code mel}'s non-zero run, 0 for an all-zero filter. */
    public int binCount(int mel) {
        return count[mel];
    }

    /** The weight of bin {@code bin} in filter {@code mel}, 0 outside its run. */
    public float weight(int bin, int mel) {
        int i = bin - first[mel];
        return i >= 0 && i < count[mel] ? weights[start[mel] + i] : 0f;
    }

    /**
     * The dense matrix in torchaudio's {@code (n_freqs, n_mels)} layout: {@code weight(k, m)} at
     * {@code k * n_mels + m}.
     */
    public float[] dense() {
        float[] out = new float[freqs * mels];
        for (int m = 0; m < mels; m++) {
            for (int i = 0; i < count[m]; i++) {
                out[(first[m] + i) * mels + m] = weights[start[m] + i];
            }
        }
        return out;
    }

    /**
     * Filters one spectrum: {@code out[outOffset + m * stride] = sum_k weight(k, m) * spectrum[offset + k]}
     * for m = 0 .. n_mels - 1, summed in float32 over each filter's run only. Allocates nothing.
     */
    public void apply(float[] spectrum, int offset, float[] out, int outOffset, int stride) {
        Objects.checkFromIndexSize(offset, freqs, spectrum.length);
        for (int m = 0; m < mels; m++) {
            int from = offset + first[m];
            int w = start[m];
            int n = count[m];
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += weights[w + i] * spectrum[from + i];
            }
            out[outOffset + m * stride] = sum;
        }
    }

    /**
     * Filters {@code lanes} spectra stored side by side, bin k of spectrum l at
     * {@code block[k * lanes + l]}: {@code out[outOffset + m * melStride + l * laneStride]} is what
     * {@link #apply} writes for spectrum l, bit for bit (the same float32 sums in the same order).
     * {@code sums} is the caller's scratch of at least {@code lanes} floats. Allocates nothing.
     */
    public void applyLanes(float[] block, int lanes, float[] out, int outOffset, int melStride, int laneStride,
                           float[] sums) {
        Objects.checkFromIndexSize(0, freqs * lanes, block.length);
        Objects.checkFromIndexSize(0, lanes, sums.length);
        for (int m = 0; m < mels; m++) {
            Arrays.fill(sums, 0, lanes, 0f);
            int w = start[m];
            for (int i = 0; i < count[m]; i++) {
                float weight = weights[w + i];
                int row = (first[m] + i) * lanes;
                for (int l = 0; l < lanes; l++) {
                    sums[l] += weight * block[row + l];
                }
            }
            int at = outOffset + m * melStride;
            for (int l = 0; l < lanes; l++) {
                out[at + l * laneStride] = sums[l];
            }
        }
    }
}
