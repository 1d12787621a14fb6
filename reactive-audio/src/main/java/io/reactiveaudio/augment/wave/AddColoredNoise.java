package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import io.reactiveaudio.dsp.fft.RealFft;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Adds noise whose power spectral density falls (or rises) by a drawn {@code f_decay} dB per
 * octave, at a drawn SNR (audiomentations {@code AddColorNoise}: {@code min_snr_db}/{@code max_snr_db},
 * {@code min_f_decay}/{@code max_f_decay}; 0 white, -3.01 pink, -6.02 brown, +3.01 blue,
 * +6.02 violet). Gaussian white noise is shaped in the frequency domain (amplitude times
 * {@code f^(f_decay / 6.02)}, no DC) over the next power of two at or above the item's length,
 * then scaled so that its power over the item is exactly {@code P / 10^(snr/10)}: the measured SNR
 * is the draw. One noise signal is added to every channel. Silence stays silent. Records
 * {@code snr_db} and {@code f_decay}. Immutable and thread-safe; allocates its work array per item.
 */
public final class AddColoredNoise implements Augmentation {

    private static final double DB_PER_OCTAVE_PER_EXPONENT = 20 * Math.log10(2);

    private final Range snrDb;
    private final Range decay;

    private AddColoredNoise(Range snrDb, Range decay) {
        this.snrDb = snrDb;
        this.decay = decay;
    }

    /**
     * Noise at an SNR from {@code [minSnrDb, maxSnrDb]} (within -40..120) and a slope from
     * {@code [minDecay, maxDecay]} dB per octave (within ±12).
     *
     * @throws IllegalArgumentException for invalid ranges
     */
    public static AddColoredNoise of(double minSnrDb, double maxSnrDb, double minDecay, double maxDecay) {
        return new AddColoredNoise(new Range("snr_db", minSnrDb, maxSnrDb).within(-40, 120),
                new Range("f_decay", minDecay, maxDecay).within(-12, 12));
    }

    /** audiomentations' defaults: SNR 5..40 dB, slopes -6..6 dB/octave. */
    public static AddColoredNoise defaults() {
        return of(5, 40, -6, 6);
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double snr = snrDb.draw(context);
        double fDecay = decay.draw(context);
        double power = audio.meanPower();
        if (power > 0) {
            int frames = audio.frames();
            double[] noise = shapedNoise(frames, fDecay, context);
            double noisePower = 0;
            for (int t = 0; t < frames; t++) {
                noisePower += noise[t] * noise[t];
            }
            double scale = Math.sqrt(power / Math.pow(10, snr / 10) / (noisePower / frames));
            float[] samples = audio.samples();
            int channels = audio.channels();
            for (int t = 0; t < frames; t++) {
                float n = (float) (noise[t] * scale);
                for (int c = 0; c < channels; c++) {
                    samples[t * channels + c] += n;
                }
            }
        }
        context.record(Applied.of("AddColoredNoise", "snr_db", snr, "f_decay", fDecay));
        return audio;
    }

    private static double[] shapedNoise(int frames, double fDecay, AugmentContext context) {
        int size = RealFft.powerOfTwoAtLeast(frames);
        float[] white = new float[size];
        GaussianNoise.add(white, 1f, context.random());
        double[] spectrum = new double[size];
        for (int i = 0; i < size; i++) {
            spectrum[i] = white[i];
        }
        DoubleFFT_1D fft = RealFft.plan(size);
        fft.realForward(spectrum);
        double exponent = fDecay / DB_PER_OCTAVE_PER_EXPONENT;
        spectrum[0] = 0;
        spectrum[1] *= Math.pow(size / 2.0, exponent);
        for (int k = 1; k < size / 2; k++) {
            double gain = Math.pow(k, exponent);
            spectrum[2 * k] *= gain;
            spectrum[2 * k + 1] *= gain;
        }
        fft.realInverse(spectrum, true);
        return spectrum;
    }

    @Override
    public String toString() {
        return "AddColoredNoise(" + snrDb.min() + ".." + snrDb.max() + " dB, f_decay "
                + decay.min() + ".." + decay.max() + " dB/octave)";
    }
}
