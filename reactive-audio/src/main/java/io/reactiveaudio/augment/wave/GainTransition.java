package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;

/**
 * A gain that moves from one level to another during the item (audiomentations
 * {@code GainTransition}): two gains drawn from {@code [min_gain_db, max_gain_db]}, a transition
 * lasting a drawn number of seconds (capped at the item's length) at a uniform start; before it
 * the first gain, after it the second, and in between the gain moves linearly in dB. Records
 * {@code gain_in_db}, {@code gain_out_db}, {@code start_frame} and {@code transition_frames}.
 * Immutable and thread-safe.
 */
public final class GainTransition implements Augmentation {

    private final Range gainDb;
    private final Range seconds;

    private GainTransition(Range gainDb, Range seconds) {
        this.gainDb = gainDb;
        this.seconds = seconds;
    }

    /**
     * Gains from {@code [minDb, maxDb]} (within ±120 dB) and a transition of
     * {@code [minSeconds, maxSeconds]} (positive).
     *
     * @throws IllegalArgumentException for invalid ranges
     */
    public static GainTransition of(double minDb, double maxDb, double minSeconds, double maxSeconds) {
        return new GainTransition(new Range("gain_db", minDb, maxDb).within(-120, 120),
                new Range("duration_seconds", minSeconds, maxSeconds).within(1e-6, 86_400));
    }

    /** audiomentations' defaults: gains -24..6 dB, transitions of 0.2..6 s. */
    public static GainTransition defaults() {
        return of(-24, 6, 0.2, 6);
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double inDb = gainDb.draw(context);
        double outDb = gainDb.draw(context);
        int frames = audio.frames();
        int length = (int) Math.max(1, Math.min(frames, Math.round(seconds.draw(context) * audio.sampleRate())));
        int start = context.random().nextInt(frames - length + 1);
        int channels = audio.channels();
        float[] samples = audio.samples();
        float before = (float) Math.pow(10, inDb / 20);
        float after = (float) Math.pow(10, outDb / 20);
        double stepDb = (outDb - inDb) / length;
        for (int t = 0; t < frames; t++) {
            float g = t < start ? before
                    : t >= start + length ? after
                    : (float) Math.pow(10, (inDb + stepDb * (t - start)) / 20);
            for (int c = 0; c < channels; c++) {
                samples[t * channels + c] *= g;
            }
        }
        context.record(Applied.of("GainTransition", "gain_in_db", inDb, "gain_out_db", outDb,
                "start_frame", start, "transition_frames", length));
        return audio;
    }

    @Override
    public String toString() {
        return "GainTransition(" + gainDb.min() + ".." + gainDb.max() + " dB, "
                + seconds.min() + ".." + seconds.max() + " s)";
    }
}
