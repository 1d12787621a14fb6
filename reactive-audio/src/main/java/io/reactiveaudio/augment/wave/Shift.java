package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import java.util.Arrays;

/**
 * Moves the audio in time by a drawn number of frames (audiomentations {@code Shift} with
 * {@code shift_unit="fraction"} or {@code "seconds"}): later for a positive shift. With rollover
 * what falls off one end comes back at the other ({@code numpy.roll}); without, the vacated part
 * is silence. All channels move together; no fade at the seam. Records {@code shift_frames}.
 * Immutable and thread-safe; each thread keeps a scratch array of up to half the largest item it shifted.
 */
public final class Shift implements Augmentation {

    /** Per-thread room for the part that wraps around: at most half of the largest item seen. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final Range amount;
    private final boolean inSeconds;
    private final boolean rollover;

    private Shift(Range amount, boolean inSeconds, boolean rollover) {
        this.amount = amount;
        this.inSeconds = inSeconds;
        this.rollover = rollover;
    }

    /**
     * A shift by a fraction of the item's length drawn from {@code [min, max]} (within -1..1).
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static Shift fraction(double min, double max) {
        return new Shift(new Range("shift_fraction", min, max).within(-1, 1), false, true);
    }

    /**
     * A shift by a duration in seconds drawn from {@code [min, max]}.
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static Shift seconds(double min, double max) {
        return new Shift(new Range("shift_seconds", min, max).within(-3600, 3600), true, true);
    }

    /** This shift, rolling over ({@code true}, the default) or filling with silence. */
    public Shift rollover(boolean roll) {
        return new Shift(amount, inSeconds, roll);
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double drawn = amount.draw(context);
        int frames = audio.frames();
        long shift = Math.round(inSeconds ? drawn * audio.sampleRate() : drawn * frames);
        int bounded = (int) Math.max(-frames, Math.min(frames, shift));
        shift(audio.samples(), audio.channels(), bounded, rollover);
        context.record(Applied.of("Shift", "shift_frames", (double) bounded));
        return audio;
    }

    /** Shifts interleaved samples in place by {@code frames} frames (negative: earlier). */
    static void shift(float[] samples, int channels, int frames, boolean rollover) {
        int n = samples.length;
        int by = n == 0 ? 0 : (int) Math.floorMod((long) frames * channels, (long) n);
        if (by != 0) {
            int wrapped = Math.min(by, n - by);
            float[] scratch = SCRATCH.get();
            if (scratch.length < wrapped) {
                scratch = new float[wrapped];
                SCRATCH.set(scratch);
            }
            if (by <= n - by) {
                System.arraycopy(samples, n - by, scratch, 0, by);
                System.arraycopy(samples, 0, samples, by, n - by);
                System.arraycopy(scratch, 0, samples, 0, by);
            } else {
                int back = n - by;
                System.arraycopy(samples, 0, scratch, 0, back);
                System.arraycopy(samples, back, samples, 0, by);
                System.arraycopy(scratch, 0, samples, by, back);
            }
        }
        if (!rollover) {
            int cut = (int) Math.min(n, Math.abs((long) frames) * channels);
            if (frames > 0) {
                Arrays.fill(samples, 0, cut, 0f);
            } else if (frames < 0) {
                Arrays.fill(samples, n - cut, n, 0f);
            }
        }
    }

    @Override
    public String toString() {
        return "Shift(" + amount.min() + ".." + amount.max() + (inSeconds ? " s" : " of the length")
                + (rollover ? ", rollover)" : ", zero fill)");
    }
}
