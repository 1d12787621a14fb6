package io.reactiveaudio.features.stage;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import java.util.Objects;

/**
 * The features of one {@link Segment}, with the segment's identity: what {@link SegmentFeatures}
 * emits for each segment.
 *
 * @param source the item the segment was cut from
 * @param ordinal the segment's position within its source (0-based)
 * @param sampleRate the segment's sample rate in Hz
 * @param features one matrix per channel of the segment, over all its frames
 */
public record FeatureSegment(AudioSource source, long ordinal, int sampleRate, FeatureMatrix features) {

    /** Validates the fields. */
    public FeatureSegment {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(features, "features");
        if (ordinal < 0 || sampleRate < 1) {
            throw new IllegalArgumentException("need ordinal >= 0 and sampleRate >= 1");
        }
    }
}
