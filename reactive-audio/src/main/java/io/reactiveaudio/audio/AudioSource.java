package io.reactiveaudio.audio;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One item of a corpus: a file, its label and the part of it to use.
 *
 * @param index stable position of the item in its source set (0-based); the same corpus listed
 *     again gives every file the same index, so random draws keyed by it are reproducible
 * @param path the audio file
 * @param label class name, or null when the source set has no labels
 * @param labelIndex position of {@code label} in the set's sorted label list, or -1 without label
 * @param offsetSeconds where to start in the file, in seconds (0 = the beginning)
 * @param durationSeconds how much to use, in seconds, or {@link #TO_END}
 */
public record AudioSource(long index, Path path, String label, int labelIndex,
                          double offsetSeconds, double durationSeconds) {

    /** Duration meaning "up to the end of the file". */
    public static final double TO_END = Double.POSITIVE_INFINITY;

    /** Validates the fields. */
    public AudioSource {
        Objects.requireNonNull(path, "path");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
        if ((label == null) != (labelIndex < 0)) {
            throw new IllegalArgumentException("label " + label + " and labelIndex " + labelIndex + " disagree");
        }
        if (!(offsetSeconds >= 0) || Double.isInfinite(offsetSeconds)) {
            throw new IllegalArgumentException("offsetSeconds must be finite and >= 0: " + offsetSeconds);
        }
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("durationSeconds must be > 0 or TO_END: " + durationSeconds);
        }
    }

    /** An unlabelled item covering the whole file. */
    public static AudioSource of(long index, Path path) {
        return new AudioSource(index, path, null, -1, 0, TO_END);
    }

    /** True when the item has a label. */
    public boolean hasLabel() {
        return label != null;
    }

    /** True when only part of the file is used (an offset or a finite duration). */
    public boolean isClipped() {
        return offsetSeconds > 0 || durationSeconds != TO_END;
    }
}
