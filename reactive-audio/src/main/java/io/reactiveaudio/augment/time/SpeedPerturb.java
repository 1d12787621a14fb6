package io.reactiveaudio.augment.time;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import java.util.Arrays;

/**
 * Speed perturbation (Kaldi's {@code perturb_data_dir_speed.sh}, torchaudio
 * {@code SpeedPerturbation}): plays the item {@code factor} times faster by resampling, so its
 * duration becomes {@code round(frames / factor)} frames and every frequency is multiplied by
 * {@code factor}. The factor is drawn uniformly from a set (default {0.9, 1.0, 1.1}) or from a
 * range, and quantised to a multiple of 0.001 (which keeps the resampling filters few and
 * shared); factor 1 returns the audio untouched. Resampling is the project's polyphase
 * resampler (flat within ±0.1 dB to 0.9 of the lower Nyquist frequency, 90 dB down beyond it):
 * speeding up removes what would fold over Nyquist. Channels are resampled alike. With
 * {@link #leaveLengthUnchanged leave_length_unchanged} (off by default, unlike
 * {@link TimeStretch}) the result is cut to the original length or padded with silence at the
 * end, for use on fixed-length segments. Records {@code factor}, the quantised factor applied.
 * Immutable and thread-safe.
 */
public final class SpeedPerturb implements Augmentation {

    /** The least factor allowed. */
    public static final double MIN_FACTOR = 0.5;
    /** The greatest factor allowed. */
    public static final double MAX_FACTOR = 2.0;

    private final double[] factors;
    private final Range range;
    private final boolean leaveLengthUnchanged;

    private SpeedPerturb(double[] factors, Range range, boolean leaveLengthUnchanged) {
        this.factors = factors;
        this.range = range;
        this.leaveLengthUnchanged = leaveLengthUnchanged;
    }

    /** Kaldi's and torchaudio's usual set: 0.9, 1.0 and 1.1, equally likely. */
    public static SpeedPerturb defaults() {
        return factors(0.9, 1.0, 1.1);
    }

    /**
     * One of the given factors per item, equally likely.
     *
     * @throws IllegalArgumentException if there is none or one lies outside
     *     [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}]
     */
    public static SpeedPerturb factors(double... factors) {
        if (factors.length == 0) {
            throw new IllegalArgumentException("SpeedPerturb needs at least one factor");
        }
        for (double factor : factors) {
            if (!(factor >= MIN_FACTOR && factor <= MAX_FACTOR)) {
                throw new IllegalArgumentException("factor must lie within [" + MIN_FACTOR + ", " + MAX_FACTOR
                        + "], got " + factor);
            }
        }
        return new SpeedPerturb(factors.clone(), null, false);
    }

    /**
     * A factor drawn uniformly from {@code [min, max]} per item.
     *
     * @throws IllegalArgumentException unless {@value #MIN_FACTOR} <= min <= max <= {@value #MAX_FACTOR}
     */
    public static SpeedPerturb range(double min, double max) {
        return new SpeedPerturb(null, new Range("factor", min, max).within(MIN_FACTOR, MAX_FACTOR), false);
    }

    /**
     * This perturbation, cutting or padding the result to the original length ({@code true}) or
     * keeping {@code round(frames / factor)} frames ({@code false}, the default).
     */
    public SpeedPerturb leaveLengthUnchanged(boolean unchanged) {
        return new SpeedPerturb(factors, range, unchanged);
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double drawn = range != null ? range.draw(context) : factors[context.random().nextInt(factors.length)];
        double factor = SpeedChange.quantise(drawn);
        context.record(Applied.of("SpeedPerturb", "factor", factor));
        float[] played = SpeedChange.play(audio.samples(), audio.channels(), factor);
        if (played == audio.samples()) {
            return audio;
        }
        return audio.withSamples(leaveLengthUnchanged ? Arrays.copyOf(played, audio.samples().length) : played);
    }

    @Override
    public String toString() {
        return "SpeedPerturb(" + (range != null ? range.min() + ".." + range.max() : Arrays.toString(factors))
                + (leaveLengthUnchanged ? ", same length)" : ")");
    }
}
