package io.reactiveaudio.augment.wave;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import java.util.Arrays;

/**
 * Silences one contiguous stretch of the waveform (audiomentations {@code TimeMask}): its length
 * a fraction of the item drawn from {@code [min_band_part, max_band_part]}, its start uniform
 * over the positions where it fits. Records {@code start_frame} and {@code mask_frames}. For
 * masks on spectrograms see SpecAugment's time mask on feature batches. Immutable and thread-safe.
 */
public final class TimeMask implements Augmentation {

    private final Range bandPart;

    private TimeMask(Range bandPart) {
        this.bandPart = bandPart;
    }

    /**
     * A mask of {@code min..max} of the item's length (within 0..1).
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static TimeMask bandPart(double min, double max) {
        return new TimeMask(new Range("band_part", min, max).within(0, 1));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        int frames = audio.frames();
        int length = (int) Math.round(bandPart.draw(context) * frames);
        int start = context.random().nextInt(frames - length + 1);
        int channels = audio.channels();
        Arrays.fill(audio.samples(), start * channels, (start + length) * channels, 0f);
        context.record(Applied.of("TimeMask", "start_frame", (double) start, "mask_frames", (double) length));
        return audio;
    }

    @Override
    public String toString() {
        return "TimeMask(" + bandPart.min() + ".." + bandPart.max() + ")";
    }
}
