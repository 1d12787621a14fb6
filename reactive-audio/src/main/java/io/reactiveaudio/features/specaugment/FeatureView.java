package io.reactiveaudio.features.specaugment;

import io.reactiveaudio.features.FeatureLayout;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * One item's features as a SpecAugment mask sees them: {@code channels} matrices of {@code bins}
 * by {@code frames} float32 values in {@code layout}, one after another from {@code offset} in a
 * buffer, of which the first {@link #validFrames()} frames are the item's own (the rest pad a
 * batch to its longest item and are never masked). Value {@code (c, k, t)} is at
 * {@code offset + c * bins * frames + layout.index(k, t, bins, frames)}. A view: writes go to the
 * buffer. Not thread-safe.
 */
public final class FeatureView {

    private final FloatBuffer values;
    private final int offset;
    private final int channels;
    private final int bins;
    private final int frames;
    private final int validFrames;
    private final FeatureLayout layout;

    /**
     * A view of {@code values} (absolute indices, its position ignored).
     *
     * @throws IllegalArgumentException if the shape is not positive, {@code validFrames} is not
     *     within {@code 0..frames}, or the matrices do not fit the buffer
     */
    public FeatureView(FloatBuffer values, int offset, int channels, int bins, int frames, int validFrames,
                       FeatureLayout layout) {
        this.values = Objects.requireNonNull(values, "values");
        this.layout = Objects.requireNonNull(layout, "layout");
        if (channels < 1 || bins < 1 || frames < 0 || validFrames < 0 || validFrames > frames || offset < 0) {
            throw new IllegalArgumentException("need channels, bins >= 1, 0 <= validFrames <= frames, offset >= 0: "
                    + channels + ", " + bins + ", " + validFrames + ", " + frames + ", " + offset);
        }
        if ((long) offset + (long) channels * bins * frames > values.capacity()) {
            throw new IllegalArgumentException(channels + " x " + bins + " x " + frames + " values from " + offset
                    + " do not fit a buffer of " + values.capacity());
        }
        this.offset = offset;
        this.channels = channels;
        this.bins = bins;
        this.frames = frames;
        this.validFrames = validFrames;
    }

    /** A view of a whole array of one item's features, every frame its own. */
    public static FeatureView of(float[] values, int channels, int bins, int frames, FeatureLayout layout) {
        if (values.length != channels * bins * frames) {
            throw new IllegalArgumentException(values.length + " values are not " + channels + " x " + bins + " x "
                    + frames);
        }
        return new FeatureView(FloatBuffer.wrap(values), 0, channels, bins, frames, frames, layout);
    }

    public int channels() {
        return channels;
    }

    /** Rows of each matrix: frequency bins, mel bands or coefficients. */
    public int bins() {
        return bins;
    }

    /** Frames of each matrix, padding included. */
    public int frames() {
        return frames;
    }

    /** The item's own frames, from the first. */
    public int validFrames() {
        return validFrames;
    }

    public FeatureLayout layout() {
        return layout;
    }

    /** Value {@code (channel, bin, frame)}. */
    public float get(int channel, int bin, int frame) {
        return values.get(index(channel, bin, frame));
    }

    /** Sets value {@code (channel, bin, frame)}. */
    public void set(int channel, int bin, int frame, float value) {
        values.put(index(channel, bin, frame), value);
    }

    /** The mean of the item's own values: every channel and bin, the valid frames; 0 if it has none. */
    public double mean() {
        if (validFrames == 0) {
            return 0;
        }
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < bins; k++) {
                for (int t = 0; t < validFrames; t++) {
                    sum += values.get(index(c, k, t));
                }
            }
        }
        return sum / ((double) channels * bins * validFrames);
    }

    /** Sets bins {@code [from, to)} of every channel's valid frames to {@code value}. */
    public void fillBins(int from, int to, float value) {
        check(from, to, bins, "bins");
        for (int c = 0; c < channels; c++) {
            for (int k = from; k < to; k++) {
                for (int t = 0; t < validFrames; t++) {
                    values.put(index(c, k, t), value);
                }
            }
        }
    }

    /** Sets every bin of frames {@code [from, to)} (valid frames) of every channel to {@code value}. */
    public void fillFrames(int from, int to, float value) {
        check(from, to, validFrames, "valid frames");
        for (int c = 0; c < channels; c++) {
            for (int t = from; t < to; t++) {
                for (int k = 0; k < bins; k++) {
                    values.put(index(c, k, t), value);
                }
            }
        }
    }

    private int index(int channel, int bin, int frame) {
        return offset + channel * bins * frames + layout.index(bin, frame, bins, frames);
    }

    private static void check(int from, int to, int size, String what) {
        if (from < 0 || from > to || to > size) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") is not within the " + size + " " + what);
        }
    }
}
