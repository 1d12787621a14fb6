package io.reactiveaudio.features.stream;

import io.reactiveaudio.features.FeatureLayout;
import java.util.Objects;

/**
 * Consecutive frames of a feature stream: frames {@code firstFrame .. firstFrame + frames - 1}
 * of the stream, counted from 0, as a matrix of {@code bins} by {@code frames} in {@code layout}.
 * Frame t of a centred stream is centred on sample {@code t * hop_length}, so it describes the
 * audio around {@code t * hop_length / sampleRate} seconds.
 *
 * @param values the values, exactly {@code bins * frames} long; owned by this record, which hands
 *     out the array itself and never changes it
 * @param bins values per frame
 * @param frames frames in this block, at least 1
 * @param firstFrame the stream's number for the first of them
 * @param layout the order of the values
 */
public record FeatureFrames(float[] values, int bins, int frames, long firstFrame, FeatureLayout layout) {

    /** Checks that the values fill the shape. */
    public FeatureFrames {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(layout, "layout");
        if (bins < 1 || frames < 1 || firstFrame < 0) {
            throw new IllegalArgumentException("need bins, frames >= 1 and firstFrame >= 0");
        }
        if (values.length != bins * frames) {
            throw new IllegalArgumentException(values.length + " values are not " + bins + " x " + frames);
        }
    }

    /** Value {@code (bin, frame)}, frame counted within this block. */
    public float get(int bin, int frame) {
        return values[layout.index(bin, frame, bins, frames)];
    }
}
