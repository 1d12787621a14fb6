package io.reactiveaudio.features.deltas;

import io.reactiveaudio.features.FeatureLayout;
import java.util.Objects;

/**
 * Delta (time-derivative) coefficients of a feature matrix, as torchaudio's {@code compute_deltas}:
 * with {@code N = (win_length - 1) / 2},
 * {@code d[k, t] = sum_{n=1..N} n (x[k, t + n] - x[k, t - n]) / (2 sum_{n=1..N} n^2)}, frames past
 * either end replaced by the edge frame ({@code mode="replicate"}). Apply twice for delta-deltas.
 *
 * <p>Immutable and thread-safe; {@link #apply} allocates nothing.
 */
public final class Deltas {

    /** torchaudio's default {@code win_length}: {@value}. */
    public static final int DEFAULT_WIN_LENGTH = 5;

    private final int winLength;
    private final int reach;
    private final float denominator;

    /**
     * Deltas over windows of {@code winLength} frames.
     *
     * @throws IllegalArgumentException if {@code winLength < 3}
     */
    public Deltas(int winLength) {
        if (winLength < 3) {
            throw new IllegalArgumentException("win_length must be at least 3, got " + winLength);
        }
        this.winLength = winLength;
        this.reach = (winLength - 1) / 2;
        this.denominator = (float) (reach * (reach + 1) * (2.0 * reach + 1) / 3);
    }

    /** Deltas over {@value #DEFAULT_WIN_LENGTH} frames. */
    public static Deltas defaults() {
        return new Deltas(DEFAULT_WIN_LENGTH);
    }

    /** Frames in the regression window. */
    public int winLength() {
        return winLength;
    }

    /**
     * Writes the deltas of the {@code bins} by {@code frames} matrix {@code in} (from
     * {@code offset}, in {@code layout}) to {@code out} from {@code outOffset}, same shape and
     * layout. {@code in} and {@code out} must not overlap.
     */
    public void apply(float[] in, int offset, int bins, int frames, FeatureLayout layout, float[] out,
                      int outOffset) {
        Objects.requireNonNull(layout, "layout");
        int size = bins * frames;
        Objects.checkFromIndexSize(offset, size, in.length);
        Objects.checkFromIndexSize(outOffset, size, out.length);
        boolean rows = layout == FeatureLayout.BINS_FRAMES;
        int binStride = rows ? frames : 1;
        int frameStride = rows ? 1 : bins;
        int last = frames - 1;
        float scale = 1 / denominator;
        for (int k = 0; k < bins; k++) {
            int from = offset + k * binStride;
            int to = outOffset + k * binStride;
            for (int t = 0; t < frames; t++) {
                float sum = 0f;
                if (t >= reach && t + reach <= last) {
                    for (int n = 1; n <= reach; n++) {
                        sum += n * (in[from + (t + n) * frameStride] - in[from + (t - n) * frameStride]);
                    }
                } else {
                    for (int n = 1; n <= reach; n++) {
                        float ahead = in[from + Math.min(t + n, last) * frameStride];
                        float behind = in[from + Math.max(t - n, 0) * frameStride];
                        sum += n * (ahead - behind);
                    }
                }
                out[to + t * frameStride] = sum * scale;
            }
        }
    }
}
