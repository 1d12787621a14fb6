package io.reactiveaudio.augment.time;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import io.reactiveaudio.dsp.stretch.Wsola;
import java.util.Arrays;

/**
 * Moves the pitch and keeps the length (audiomentations {@code PitchShift}: {@code min_semitones},
 * {@code max_semitones}): every frequency is multiplied by {@code 2^(semitones / 12)}, semitones
 * drawn uniformly per item. The item is first slowed down by that ratio with
 * {@link TimeStretch}'s WSOLA (same pitch, longer), then played that much faster by
 * {@link SpeedPerturb}'s polyphase resampling (back to the length, higher pitch); the ratio is
 * quantised to a multiple of 0.001 (at most 0.1 % off within ±12 semitones), and the result cut
 * or padded with silence to exactly the original frames (at most a frame or two). Channels keep
 * their alignment. Records {@code semitones}, as drawn. Immutable and thread-safe.
 */
public final class PitchShift implements Augmentation {

    /** The largest shift allowed either way, in semitones. */
    public static final double MAX_SEMITONES = 12;

    private final Range semitones;

    private PitchShift(Range semitones) {
        this.semitones = semitones;
    }

    /** audiomentations' defaults: -4..4 semitones. */
    public static PitchShift defaults() {
        return semitones(-4, 4);
    }

    /**
     * A shift drawn from {@code [min, max]} semitones (negative is lower).
     *
     * @throws IllegalArgumentException unless -{@value #MAX_SEMITONES} <= min <= max <= {@value #MAX_SEMITONES}
     */
    public static PitchShift semitones(double min, double max) {
        return new PitchShift(new Range("semitones", min, max).within(-MAX_SEMITONES, MAX_SEMITONES));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double drawn = semitones.draw(context);
        context.record(Applied.of("PitchShift", "semitones", drawn));
        double factor = SpeedChange.quantise(Math.pow(2, drawn / 12));
        if (factor == 1) {
            return audio;
        }
        int frames = audio.frames();
        int channels = audio.channels();
        int slowed = (int) Math.round(frames * factor);
        float[] stretched = Wsola.forSampleRate(audio.sampleRate()).stretch(audio.samples(), channels, 1 / factor, slowed);
        float[] shifted = SpeedChange.play(stretched, channels, factor);
        return audio.withSamples(shifted.length == audio.samples().length
                ? shifted
                : Arrays.copyOf(shifted, audio.samples().length));
    }

    @Override
    public String toString() {
        return "PitchShift(" + semitones.min() + ".." + semitones.max() + " semitones)";
    }
}
