package io.reactiveaudio.augment.time;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import io.reactiveaudio.dsp.stretch.Wsola;

/**
 * Changes the tempo and keeps the pitch (audiomentations {@code TimeStretch}: {@code min_rate},
 * {@code max_rate}, {@code leave_length_unchanged}): the item is played {@code rate} times
 * faster, a rate drawn uniformly per item, so it lasts {@code round(frames / rate)} frames, by
 * waveform-similarity overlap-add ({@link Wsola#forSampleRate}: 23.2 ms segments, 11.6 ms hop and
 * search tolerance). With {@code leave_length_unchanged} (the default, as in audiomentations) the
 * result is cut to the original length, or padded with silence at the end. Channels keep their
 * alignment. Records {@code rate}. Immutable and thread-safe.
 */
public final class TimeStretch implements Augmentation {

    /** The least rate allowed (audiomentations' bound). */
    public static final double MIN_RATE = 0.1;
    /** The greatest rate allowed (audiomentations' bound). */
    public static final double MAX_RATE = 10;

    private final Range rate;
    private final boolean leaveLengthUnchanged;

    private TimeStretch(Range rate, boolean leaveLengthUnchanged) {
        this.rate = rate;
        this.leaveLengthUnchanged = leaveLengthUnchanged;
    }

    /** audiomentations' defaults: rates 0.8..1.25, length left unchanged. */
    public static TimeStretch defaults() {
        return rate(0.8, 1.25);
    }

    /**
     * A rate drawn from {@code [min, max]} (above 1 is faster), length left unchanged.
     *
     * @throws IllegalArgumentException unless {@value #MIN_RATE} <= min <= max <= {@value #MAX_RATE}
     */
    public static TimeStretch rate(double min, double max) {
        return new TimeStretch(new Range("rate", min, max).within(MIN_RATE, MAX_RATE), true);
    }

    /** This stretch, cutting or padding the result to the original length ({@code true}) or not. */
    public TimeStretch leaveLengthUnchanged(boolean unchanged) {
        return new TimeStretch(rate, unchanged);
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double drawn = rate.draw(context);
        context.record(Applied.of("TimeStretch", "rate", drawn));
        int frames = audio.frames();
        int length = leaveLengthUnchanged ? frames : (int) Math.max(1, Math.round(frames / drawn));
        Wsola wsola = Wsola.forSampleRate(audio.sampleRate());
        return audio.withSamples(wsola.stretch(audio.samples(), audio.channels(), drawn, length));
    }

    @Override
    public String toString() {
        return "TimeStretch(" + rate.min() + ".." + rate.max() + (leaveLengthUnchanged ? ", same length)" : ")");
    }
}
