package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;

/**
 * A power spectrogram by the textbook formula, slow and obviously right, for testing operators
 * without the real kernels: frame t starts at {@code t * hop} of the signal, padded by
 * {@code n_fft / 2} at both ends when centred (reflect, constant or edge, index by index);
 * the window of {@code win_length} sits centred in {@code n_fft}, zeros outside; bin k is
 * {@code |sum_n x[n] w[n] e^(-2 pi i k n / n_fft)|^2} in double precision, over
 * {@code sum w^2} when normalized. {@link #frameLocal()} is configurable, so that a test can
 * describe an extractor that is not.
 */
public final class NaiveSpectrogram implements FeatureExtractor {

    private final StftSettings stft;
    private final boolean frameLocal;
    private final double[] window;
    private final double[] cos;
    private final double[] sin;

    private NaiveSpectrogram(StftSettings stft, boolean frameLocal) {
        this.stft = stft;
        this.frameLocal = frameLocal;
        int nFft = stft.nFft();
        double[] w = stft.window().coefficients(stft.winLength(), stft.periodic());
        window = new double[nFft];
        int left = (nFft - stft.winLength()) / 2;
        double energy = 0;
        for (int i = 0; i < w.length; i++) {
            window[left + i] = w[i];
            energy += w[i] * w[i];
        }
        if (stft.normalized()) {
            double scale = 1 / Math.sqrt(energy);
            for (int i = 0; i < nFft; i++) {
                window[i] *= scale;
            }
        }
        cos = new double[nFft];
        sin = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / nFft);
            sin[i] = Math.sin(2 * Math.PI * i / nFft);
        }
    }

    /** A frame-local power spectrogram with these settings. */
    public static NaiveSpectrogram of(StftSettings stft) {
        return new NaiveSpectrogram(stft, true);
    }

    /** The same values, declared as depending on the whole clip (as a {@code top_db} clamp would). */
    public NaiveSpectrogram declaredClipWide() {
        return new NaiveSpectrogram(stft, false);
    }

    @Override
    public int bins() {
        return stft.bins();
    }

    @Override
    public StftSettings stft() {
        return stft;
    }

    @Override
    public NaiveSpectrogram withStft(StftSettings settings) {
        return new NaiveSpectrogram(settings, frameLocal);
    }

    @Override
    public boolean frameLocal() {
        return frameLocal;
    }

    @Override
    public Worker newWorker() {
        return this::compute;
    }

    private void compute(float[] signal, int offset, int length, float[] out, int outOffset, FeatureLayout layout) {
        int frames = frames(length);
        int bins = bins();
        if (out.length - outOffset < bins * frames) {
            throw new IllegalArgumentException("out holds " + (out.length - outOffset) + " floats, "
                    + bins * frames + " needed");
        }
        int nFft = stft.nFft();
        int pad = stft.center() ? nFft / 2 : 0;
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < bins; k++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < nFft; n++) {
                    double x = sample(signal, offset, length, t * stft.hopLength() + n - pad) * window[n];
                    int phase = (int) ((long) k * n % nFft);
                    re += x * cos[phase];
                    im -= x * sin[phase];
                }
                out[outOffset + layout.index(k, t, bins, frames)] = (float) (re * re + im * im);
            }
        }
    }

    /** Sample {@code i} of the signal extended past both ends by the pad mode. */
    private double sample(float[] signal, int offset, int length, int i) {
        if (i >= 0 && i < length) {
            return signal[offset + i];
        }
        PadMode mode = stft.padMode();
        if (mode == PadMode.CONSTANT) {
            return 0;
        }
        if (mode == PadMode.EDGE || length == 1) {
            return signal[offset + (i < 0 ? 0 : length - 1)];
        }
        int period = 2 * (length - 1);
        int j = Math.floorMod(i, period);
        return signal[offset + (j < length ? j : period - j)];
    }
}
