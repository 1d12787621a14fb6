package io.reactiveaudio.features.stft;

import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import java.util.Arrays;

/**
 * Cuts windowed frames out of a signal as {@code torch.stft} does: frame {@code t} spans
 * {@code n_fft} samples from sample {@code t * hop_length} of the signal, padded by
 * {@code n_fft / 2} samples at both ends when {@code center} ({@link PadMode reflect, constant or
 * edge}); a window of {@code win_length < n_fft} samples sits centred in the span,
 * {@code (n_fft - win_length) / 2} zeros before it, and the samples outside it are zeros. With
 * {@code normalized} the window is scaled by {@code 1 / sqrt(sum w^2)}.
 *
 * <p>Reflect padding past a signal shorter than the padding goes on reflecting (numpy's
 * {@code np.pad(mode="reflect")}), where torch refuses; a signal of one sample is repeated, an
 * empty one padded with zeros.
 *
 * <p>Immutable and thread-safe: it holds only the settings and the window coefficients (float32).
 */
public final class Framer {

    private final StftSettings settings;
    private final float[] window;
    private final int nFft;
    private final int hop;
    private final int left;
    private final int pad;

    /** A framer for these settings; computes the window. */
    public Framer(StftSettings settings) {
        this.settings = settings;
        this.nFft = settings.nFft();
        this.hop = settings.hopLength();
        this.left = (nFft - settings.winLength()) / 2;
        this.pad = settings.center() ? nFft / 2 : 0;
        double[] w = settings.window().coefficients(settings.winLength(), settings.periodic());
        double scale = 1;
        if (settings.normalized()) {
            double energy = 0;
            for (double v : w) {
                energy += v * v;
            }
            scale = 1 / Math.sqrt(energy);
        }
        this.window = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            window[i] = (float) (w[i] * scale);
        }
    }

    /** The settings the frames follow. */
    public StftSettings settings() {
        return settings;
    }

    /** Frames of a signal of {@code samples} samples. */
    public int frames(int samples) {
        return settings.frames(samples);
    }

    /** The window coefficients, {@code win_length} of them, normalized if the settings say so; a copy. */
    public float[] window() {
        return window.clone();
    }

    /**
     * Writes windowed frame {@code t} of {@code signal[offset .. offset + length)} into
     * {@code dst[0 .. n_fft)}. Allocates nothing.
     *
     * @throws IndexOutOfBoundsException if {@code dst} is shorter than {@code n_fft}
     */
    public void frame(float[] signal, int offset, int length, int t, float[] dst) {
        if (dst.length < nFft) {
            throw new IndexOutOfBoundsException("a frame needs " + nFft + " floats, dst holds " + dst.length);
        }
        int win = window.length;
        if (left > 0) {
            Arrays.fill(dst, 0, left, 0f);
            Arrays.fill(dst, left + win, nFft, 0f);
        }
        long first = (long) t * hop - pad + left;
        if (first >= 0 && first + win <= length) {
            int from = offset + (int) first;
            for (int i = 0; i < win; i++) {
                dst[left + i] = signal[from + i] * window[i];
            }
        } else {
            for (int i = 0; i < win; i++) {
                dst[left + i] = sample(signal, offset, length, first + i) * window[i];
            }
        }
    }

    /** Sample {@code i} of the signal extended past both ends by the pad mode. */
    private float sample(float[] signal, int offset, int length, long i) {
        if (i >= 0 && i < length) {
            return signal[offset + (int) i];
        }
        PadMode mode = settings.padMode();
        if (mode == PadMode.CONSTANT || length == 0) {
            return 0f;
        }
        if (mode == PadMode.EDGE || length == 1) {
            return signal[offset + (i < 0 ? 0 : length - 1)];
        }
        long period = 2L * (length - 1);
        int j = (int) Math.floorMod(i, period);
        return signal[offset + (j < length ? j : (int) (period - j))];
    }
}
