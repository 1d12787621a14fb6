package io.reactiveaudio.examples.cli;

import io.reactiveaudio.dsp.fft.RealFft;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A plain log-mel spectrogram as torchaudio computes it with {@code MelSpectrogram} defaults and
 * {@code AmplitudeToDB("power")}: periodic Hann window of {@code n_fft} samples, centred frames with
 * reflect padding, power spectrum, an HTK mel filter bank from 0 Hz to {@code sample_rate // 2} without
 * normalisation, then {@code 10 log10(max(power, 1e-10))}. No {@code top_db} clamp: the picture
 * clamps for display.
 *
 * <p>Straightforward rather than fast (a new FFT plan and arrays per call, a dense filter bank);
 * enough for one picture. Immutable and thread-safe.
 */
final class FftLogMel implements LogMelSource {

    private final int nFft;
    private final int hopLength;
    private final int nMels;

    FftLogMel(int nFft, int hopLength, int nMels) {
        if (nFft < 2 || hopLength < 1 || nMels < 1) {
            throw new IllegalArgumentException("need n_fft >= 2, hop_length >= 1 and n_mels >= 1, got "
                    + nFft + ", " + hopLength + ", " + nMels);
        }
        this.nFft = nFft;
        this.hopLength = hopLength;
        this.nMels = nMels;
    }

    @Override
    public LogMel compute(float[] mono, int sampleRate) {
        if (mono.length == 0) {
            throw new IllegalArgumentException("no samples to analyse");
        }
        int bins = nFft / 2 + 1;
        int frames = 1 + mono.length / hopLength;
        double[] melPoints = melPoints(sampleRate);
        double[][] filters = filterBank(melPoints, bins, sampleRate);
        double[] window = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft);
        }
        DoubleFFT_1D fft = RealFft.plan(nFft);
        double[] frame = new double[nFft];
        double[] power = new double[bins];
        float[] out = new float[nMels * frames];
        for (int t = 0; t < frames; t++) {
            int start = t * hopLength - nFft / 2;
            for (int i = 0; i < nFft; i++) {
                frame[i] = mono[reflect(start + i, mono.length)] * window[i];
            }
            fft.realForward(frame);
            for (int k = 0; k < bins; k++) {
                power[k] = power(frame, k);
            }
            for (int m = 0; m < nMels; m++) {
                double sum = 0;
                double[] filter = filters[m];
                for (int k = 0; k < bins; k++) {
                    sum += filter[k] * power[k];
                }
                out[m * frames + t] = (float) (10 * Math.log10(Math.max(sum, 1e-10)));
            }
        }
        double[] centres = new double[nMels];
        for (int m = 0; m < nMels; m++) {
            centres[m] = hertz(melPoints[m + 1]);
        }
        return new LogMel(out, nMels, frames, hopLength, centres);
    }

    /**
     * |X_k|² from JTransforms' packed layout: a[0] = X_0 (real); re and im of X_k at 2k and 2k + 1;
     * a[1] holds X_{n/2} (real) for even n, the imaginary part of the last bin for odd n.
     */
    private double power(double[] packed, int k) {
        if (k == 0) {
            return packed[0] * packed[0];
        }
        if (2 * k == nFft) {
            return packed[1] * packed[1];
        }
        double re = packed[2 * k];
        double im = 2 * k + 1 < nFft ? packed[2 * k + 1] : packed[1];
        return re * re + im * im;
    }

    private double[] melPoints(int sampleRate) {
        double top = mel(sampleRate / 2);
        double[] points = new double[nMels + 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = top * i / (nMels + 1);
        }
        return points;
    }

    /** torchaudio's triangular filters: rising from point m to m + 1, falling to m + 2, in Hz. */
    private double[][] filterBank(double[] melPoints, int bins, int sampleRate) {
        double[][] filters = new double[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            double low = hertz(melPoints[m]);
            double centre = hertz(melPoints[m + 1]);
            double high = hertz(melPoints[m + 2]);
            for (int k = 0; k < bins; k++) {
                double f = (double) (sampleRate / 2) * k / (bins - 1);
                double rising = (f - low) / (centre - low);
                double falling = (high - f) / (high - centre);
                filters[m][k] = Math.max(0, Math.min(rising, falling));
            }
        }
        return filters;
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hertz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Index {@code i} mirrored into {@code [0, n)} without repeating the edge samples, as reflect padding does. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int r = Math.floorMod(i, period);
        return r < n ? r : period - r;
    }
}
