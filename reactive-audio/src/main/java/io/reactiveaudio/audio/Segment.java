package io.reactiveaudio.audio;

import java.util.List;
import java.util.Objects;

/**
 * A piece of one source, cut by a framing operator: the unit that is shuffled and batched for
 * training. Every framing but {@code framing.WholeClip} cuts segments of one fixed length.
 *
 * @param source the item it was cut from
 * @param ordinal position of the segment within its source (0-based)
 * @param samples interleaved float32 samples, exactly {@code frames * channels} long; owned by
 *     the segment
 * @param frames length in sample frames
 * @param channels channel count
 * @param sampleRate in Hz
 * @param augmentations what the pipeline's augmentation stages applied to it, in order; empty for
 *     a segment as cut
 */
public record Segment(AudioSource source, long ordinal, float[] samples, int frames, int channels, int sampleRate,
                      List<Applied> augmentations) {

    /** Validates the fields and copies the record list. */
    public Segment {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(samples, "samples");
        augmentations = List.copyOf(augmentations);
        if (frames < 1 || channels < 1 || sampleRate < 1 || ordinal < 0) {
            throw new IllegalArgumentException("need frames, channels, sampleRate >= 1 and ordinal >= 0");
        }
        if (samples.length != frames * channels) {
            throw new IllegalArgumentException(samples.length + " samples are not " + frames + " x " + channels);
        }
    }

    /** A segment as a framing cuts it, with no augmentation applied. */
    public Segment(AudioSource source, long ordinal, float[] samples, int frames, int channels, int sampleRate) {
        this(source, ordinal, samples, frames, channels, sampleRate, List.of());
    }
}
