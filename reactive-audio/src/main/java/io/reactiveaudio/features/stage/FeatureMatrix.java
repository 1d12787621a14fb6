package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureLayout;
import java.util.Objects;

/**
 * The features of one clip or segment: for each of {@code channels} channels, a matrix of
 * {@code bins} by {@code frames} float32 values in {@code layout}, the channels one after another.
 * Value {@code (c, k, t)} is float number {@code c * bins * frames + layout.index(k, t, bins, frames)}.
 *
 * @param values the values, exactly {@code channels * bins * frames} long; owned by the matrix,
 *     which hands out the array itself (no copy) and never changes it
 * @param channels channels, at least 1
 * @param bins rows per channel: frequency bins, mel bands or coefficients
 * @param frames analysis frames per channel
 * @param layout the order of each channel's matrix
 */
public record FeatureMatrix(float[] values, int channels, int bins, int frames, FeatureLayout layout) {

    /** Checks that the values fill the shape. */
    public FeatureMatrix {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(layout, "layout");
        if (channels < 1 || bins < 1 || frames < 0) {
            throw new IllegalArgumentException("need channels, bins >= 1 and frames >= 0: " + channels + ", " + bins
                    + ", " + frames);
        }
        if (values.length != channels * bins * frames) {
            throw new IllegalArgumentException(values.length + " values are not " + channels + " x " + bins + " x "
                    + frames);
        }
    }

    /**
     * The dimensions, outermost first: {@code (bins, frames)} or {@code (frames, bins)} for one
     * channel, with {@code channels} in front for several.
     */
    public int[] shape() {
        int[] matrix = layout.shape(bins, frames);
        return channels == 1 ? matrix : new int[] {channels, matrix[0], matrix[1]};
    }

    /** Value {@code (channel, bin, frame)}. */
    public float get(int channel, int bin, int frame) {
        return values[channel * bins * frames + layout.index(bin, frame, bins, frames)];
    }
}
