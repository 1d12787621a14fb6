package io.reactiveaudio.dsp.fft;

import org.jtransforms.fft.DoubleFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * Double-precision real FFTs by JTransforms, with JTransforms' own thread pool switched off: a
 * transform runs on the calling thread only, never waits on others, and may run on
 * {@code Schedulers.parallel()}. (JTransforms splits large transforms over a global pool and
 * blocks on futures otherwise; the switch is global to JTransforms in this JVM.)
 *
 * <p>A plan is not thread-safe for concurrent use of one instance's work arrays by JTransforms'
 * contract; create one per thread or per call.
 */
public final class RealFft {

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private RealFft() {
    }

    /**
     * A plan for real transforms of {@code size} points, in JTransforms' packed layout
     * ({@code a[0]} = DC, {@code a[1]} = Nyquist, then re/im pairs).
     *
     * @throws IllegalArgumentException if {@code size < 2}
     */
    public static DoubleFFT_1D plan(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("FFT size must be at least 2, got " + size);
        }
        return new DoubleFFT_1D(size);
    }

    /** The least power of two at or above {@code n} (and at least 2). */
    public static int powerOfTwoAtLeast(int n) {
        return n <= 2 ? 2 : Integer.highestOneBit(n - 1) << 1;
    }

    /** {@code a *= b} for two spectra of an even size in the packed layout. */
    public static void multiplyPacked(double[] a, double[] b) {
        a[0] *= b[0];
        a[1] *= b[1];
        for (int i = 2; i < a.length; i += 2) {
            double re = a[i] * b[i] - a[i + 1] * b[i + 1];
            double im = a[i] * b[i + 1] + a[i + 1] * b[i];
            a[i] = re;
            a[i + 1] = im;
        }
    }
}
