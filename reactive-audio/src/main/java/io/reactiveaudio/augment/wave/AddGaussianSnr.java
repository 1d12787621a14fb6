package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;

/**
 * Adds white Gaussian noise at a signal-to-noise ratio drawn uniformly in dB (audiomentations
 * {@code AddGaussianSNR}, {@code min_snr_db}/{@code max_snr_db}): the noise's standard deviation
 * is {@code sqrt(P / 10^(snr/10))} with {@code P} the item's mean power over all channels, so the
 * expected SNR is exactly the draw (a clip of n samples measures within about
 * {@code 6.1 / sqrt(n)} dB of it, one sigma). Silence stays silent. Noise comes from
 * {@link GaussianNoise}'s quantile table. Records {@code snr_db}. Immutable and thread-safe.
 */
public final class AddGaussianSnr implements Augmentation {

    private final Range snrDb;

    private AddGaussianSnr(Range snrDb) {
        this.snrDb = snrDb;
    }

    /**
     * Noise at an SNR drawn from {@code [minDb, maxDb]} (within -40..120 dB).
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static AddGaussianSnr db(double minDb, double maxDb) {
        return new AddGaussianSnr(new Range("snr_db", minDb, maxDb).within(-40, 120));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double snr = snrDb.draw(context);
        double power = audio.meanPower();
        float sigma = (float) Math.sqrt(power / Math.pow(10, snr / 10));
        if (sigma > 0) {
            GaussianNoise.add(audio.samples(), sigma, context.random());
        }
        context.record(Applied.of("AddGaussianSnr", "snr_db", snr));
        return audio;
    }

    @Override
    public String toString() {
        return "AddGaussianSnr(" + snrDb.min() + ".." + snrDb.max() + " dB)";
    }
}
