package io.reactiveaudio.dsp.conditioning;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Adds low-level random noise to a signal, so that digital silence and quantisation steps do
 * not give log-energies of minus infinity or spectra with structure that no microphone has.
 *
 * <p>{@link #gaussian} adds {@code amplitude * N(0, 1)}, Kaldi's {@code --dither} (whose default,
 * 1.0 at 16-bit scale, is {@link #KALDI_AMPLITUDE} = 1/32768 at full scale 1.0); {@link
 * #triangular} adds TPDF noise {@code amplitude * (u1 - u2)} with u uniform in [0, 1), peak
 * {@code ±amplitude} and RMS {@code amplitude / sqrt 6}, the dither before rounding to a bit depth
 * (amplitude one step: 1/32768 for 16 bits). The noise comes from a {@link SplittableRandom} with
 * the given seed, so one seed gives the same noise on every run and thread; key the seed by item
 * (as the pipeline does) to give items different noise.
 *
 * <p>Immutable and thread-safe; works in place and allocates only the generator.
 */
public final class Dither {

    /** Kaldi's default dither of 1.0 on 16-bit samples, as an amplitude at full scale 1.0. */
    public static final float KALDI_AMPLITUDE = 1f / 32768;

    private final boolean gaussian;
    private final double amplitude;

    private Dither(boolean gaussian, double amplitude) {
        if (!(amplitude >= 0) || Double.isInfinite(amplitude)) {
            throw new IllegalArgumentException("amplitude must be finite and not negative: " + amplitude);
        }
        this.gaussian = gaussian;
        this.amplitude = amplitude;
    }

    /** Gaussian noise of standard deviation {@code amplitude} (full scale 1.0). */
    public static Dither gaussian(double amplitude) {
        return new Dither(true, amplitude);
    }

    /** Triangular (TPDF) noise within {@code ±amplitude} (full scale 1.0). */
    public static Dither triangular(double amplitude) {
        return new Dither(false, amplitude);
    }

    /** The amplitude: the standard deviation of Gaussian noise, the peak of triangular noise. */
    public double amplitude() {
        return amplitude;
    }

    /** Adds noise drawn from {@code seed} to a whole signal, in place. */
    public void apply(float[] signal, long seed) {
        apply(signal, 0, signal.length, seed);
    }

    /** Adds noise drawn from {@code seed} to {@code signal[offset, offset + length)}, in place. */
    public void apply(float[] signal, int offset, int length, long seed) {
        Objects.requireNonNull(signal, "signal");
        Objects.checkFromIndexSize(offset, length, signal.length);
        SplittableRandom random = new SplittableRandom(seed);
        if (gaussian) {
            for (int i = offset, end = offset + length; i < end; i++) {
                signal[i] = (float) (signal[i] + amplitude * random.nextGaussian());
            }
        } else {
            for (int i = offset, end = offset + length; i < end; i++) {
                signal[i] = (float) (signal[i] + amplitude * (random.nextDouble() - random.nextDouble()));
            }
        }
    }

    @Override
    public String toString() {
        return "Dither[" + (gaussian ? "gaussian" : "triangular") + ", amplitude=" + amplitude + "]";
    }
}
