package io.reactiveaudio.features.stft;

import io.reactiveaudio.dsp.fft.LanedRealFft;
import io.reactiveaudio.dsp.fft.StockhamRealFft;
import io.reactiveaudio.features.StftSettings;
import org.jtransforms.fft.FloatFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * The short-time Fourier transform of one frame at a time, in float32: frames from a
 * {@link Framer}, a real FFT, and the onesided spectrum's {@code n_fft / 2 + 1} bins as torch's
 * plain DFT sum {@code X[k] = sum_n x[n] e^(-2 pi i k n / n_fft)} (no scaling other than the
 * framer's {@code normalized} window).
 *
 * <p><b>Per-thread state.</b> An instance owns an FFT plan and one frame of scratch (and, for
 * {@link #powerBlock}, {@link #LANES} frames and a {@link LanedRealFft}'s scratch): it is not
 * thread-safe; take one per thread (a {@code FeatureExtractor.Worker} holds one). A power-of-two
 * {@code n_fft} goes through JTransforms' split radix, an even one whose half is a product of 2, 3
 * and 5 (400, 480, 600, ...) through {@link StockhamRealFft}: neither allocates per frame. Other
 * sizes take JTransforms' mixed-radix or Bluestein paths, which allocate a scratch copy of about
 * {@code n_fft} floats per frame. JTransforms' own thread pool is switched off for the JVM when
 * this class loads, so a transform runs on the calling thread only.
 */
public final class Stft {

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    /** Frames a {@link LanedRealFft} transforms side by side in {@link #powerBlock}. */
    public static final int LANES = 32;

    private final Framer framer;
    /** The transform when {@link #stockham} is null. */
    private final FloatFFT_1D fft;
    private final StockhamRealFft stockham;
    private final float[] frame;
    /** The laned transform of {@link #powerBlock}, or null where {@link #stockham} is null. */
    private final LanedRealFft laned;
    /** {@link #LANES} frames interleaved, sample n of frame l at {@code [n * LANES + l]}. */
    private final float[] lanedFrames;
    private final int nFft;
    private final int bins;

    /** A transform of the framer's frames, with its own plan and scratch. */
    public Stft(Framer framer) {
        this.framer = framer;
        StftSettings settings = framer.settings();
        this.nFft = settings.nFft();
        this.bins = settings.bins();
        boolean stockhamSize = Integer.bitCount(nFft) != 1 && StockhamRealFft.supports(nFft);
        this.stockham = stockhamSize ? new StockhamRealFft(nFft) : null;
        this.fft = stockhamSize ? null : new FloatFFT_1D(nFft);
        this.frame = new float[nFft];
        this.laned = stockhamSize ? new LanedRealFft(nFft, LANES) : null;
        this.lanedFrames = stockhamSize ? new float[nFft * LANES] : null;
    }

    /**
     * Whether {@link #powerBlock} is available: for the sizes {@link StockhamRealFft} takes (400,
     * 480, ...), not for powers of two.
     */
    public boolean blocks() {
        return laned != null;
    }

    /**
     * Writes the power spectra ({@code |X[k]|^2}) of the {@link #LANES} frames {@code t0 ..
     * t0 + LANES - 1} of {@code signal[offset .. offset + length)}, bin k of frame {@code t0 + l} at
     * {@code out[k * LANES + l]}: bit-identical to {@link #spectrum} with power 2, about 1.5 times
     * faster per frame (the {@link LanedRealFft}). Every frame index must be below
     * {@code framer().frames(length)}.
     *
     * @throws IllegalStateException unless {@link #blocks()}
     */
    public void powerBlock(float[] signal, int offset, int length, int t0, float[] out) {
        if (laned == null) {
            throw new IllegalStateException("n_fft " + nFft + " has no laned transform; use spectrum()");
        }
        for (int l = 0; l < LANES; l++) {
            framer.frame(signal, offset, length, t0 + l, frame);
            for (int n = 0; n < nFft; n++) {
                lanedFrames[n * LANES + l] = frame[n];
            }
        }
        laned.powers(lanedFrames, out);
    }

    /** The framer the frames come from. */
    public Framer framer() {
        return framer;
    }

    /** Onesided frequency bins: {@code n_fft / 2 + 1}. */
    public int bins() {
        return bins;
    }

    /**
     * Writes {@code |X[k]|^power} of frame {@code t} of {@code signal[offset .. offset + length)}
     * to {@code out[outOffset + k]}, k = 0 .. bins - 1: power 2 is the power spectrum, 1 the
     * magnitude.
     *
     * @throws IllegalArgumentException if {@code power} is not positive and finite
     */
    public void spectrum(float[] signal, int offset, int length, int t, double power, float[] out, int outOffset) {
        requirePower(power);
        transform(signal, offset, length, t);
        if (power == 2) {
            powers(out, outOffset);
        } else if (power == 1) {
            powers(out, outOffset);
            for (int k = 0; k < bins; k++) {
                out[outOffset + k] = (float) Math.sqrt(out[outOffset + k]);
            }
        } else {
            powers(out, outOffset);
            double half = power / 2;
            for (int k = 0; k < bins; k++) {
                out[outOffset + k] = (float) Math.pow(out[outOffset + k], half);
            }
        }
    }

    /**
     * Writes the complex spectrum of frame {@code t} to {@code out} from {@code outOffset} as
     * {@code bins} (real, imaginary) pairs, torch's {@code view_as_real} order.
     */
    public void complex(float[] signal, int offset, int length, int t, float[] out, int outOffset) {
        transform(signal, offset, length, t);
        out[outOffset] = frame[0];
        out[outOffset + 1] = 0f;
        int last = bins - 1;
        for (int k = 1; k < last; k++) {
            out[outOffset + 2 * k] = frame[2 * k];
            out[outOffset + 2 * k + 1] = frame[2 * k + 1];
        }
        if (last > 0) {
            if ((nFft & 1) == 0) {
                out[outOffset + 2 * last] = frame[1];
                out[outOffset + 2 * last + 1] = 0f;
            } else {
                out[outOffset + 2 * last] = frame[nFft - 1];
                out[outOffset + 2 * last + 1] = frame[1];
            }
        }
    }

    /** Checks a spectrum exponent: positive and finite. */
    public static void requirePower(double power) {
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be positive and finite (2 for power, 1 for magnitude), got "
                    + power);
        }
    }

    private void transform(float[] signal, int offset, int length, int t) {
        framer.frame(signal, offset, length, t, frame);
        if (stockham != null) {
            stockham.forward(frame);
        } else {
            fft.realForward(frame);
        }
    }

    /**
     * {@code re^2 + im^2} per bin from JTransforms' packed layout: {@code a[0]} DC, then (re, im)
     * pairs; the last bin is {@code a[1]} (real Nyquist) for even sizes, {@code (a[n-1], a[1])}
     * for odd ones.
     */
    private void powers(float[] out, int outOffset) {
        float[] a = frame;
        out[outOffset] = a[0] * a[0];
        int last = bins - 1;
        for (int k = 1; k < last; k++) {
            float re = a[2 * k];
            float im = a[2 * k + 1];
            out[outOffset + k] = re * re + im * im;
        }
        if (last > 0) {
            out[outOffset + last] = (nFft & 1) == 0 ? a[1] * a[1] : a[nFft - 1] * a[nFft - 1] + a[1] * a[1];
        }
    }
}
