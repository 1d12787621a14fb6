package io.reactiveaudio.audio;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One item of a corpus: a file or a member of a shard, its label and the part of it to use.
 *
 * @param index stable position of the item in its source set (0-based); the same corpus listed
 *     again gives every file the same index, so random draws keyed by it are reproducible
 * @param path the audio file; for a member of a shard, a name for messages
 *     ({@code Path.of(location.name())}, which a URL's {@code //} shortens to {@code /})
 * @param label class name, or null when the source set has no labels
 * @param labelIndex position of {@code label} in the set's sorted label list, or -1 without label
 * @param offsetSeconds where to start in the file, in seconds (0 = the beginning)
 * @param durationSeconds how much to use, in seconds, or {@link #TO_END}
 * @param location for a member of a shard, where its bytes lie; null for a file read at {@code path}
 * @param metadata the item's metadata carried to its batches ({@code Batch.metadata()}): for a
 *     member of a shard, the whole text of its sample's {@code .json} member; null for none
 */
public record AudioSource(long index, Path path, String label, int labelIndex,
                          double offsetSeconds, double durationSeconds, Location location, String metadata) {

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

    /** An item read from the file at {@code path} (no shard), without metadata. */
    public AudioSource(long index, Path path, String label, int labelIndex, double offsetSeconds,
                       double durationSeconds) {
        this(index, path, label, labelIndex, offsetSeconds, durationSeconds, null, null);
    }

    /** A member of a shard, whole, without metadata; {@code path} is its name for messages. */
    public static AudioSource member(long index, Location location, String label, int labelIndex) {
        return member(index, location, label, labelIndex, null);
    }

    /**
     * A member of a shard, whole, with its sample's metadata text (null for none); {@code path} is
     * its name for messages.
     */
    public static AudioSource member(long index, Location location, String label, int labelIndex, String metadata) {
        Objects.requireNonNull(location, "location");
        return new AudioSource(index, Path.of(location.name()), label, labelIndex, 0, TO_END, location, metadata);
    }

    /** This item with {@code label} at {@code labelIndex} (null and -1 for none), all else kept. */
    public AudioSource withLabel(String label, int labelIndex) {
        return new AudioSource(index, path, label, labelIndex, offsetSeconds, durationSeconds, location, metadata);
    }

    /** This item covering its whole file (no offset, to the end), all else kept. */
    public AudioSource whole() {
        return new AudioSource(index, path, label, labelIndex, 0, TO_END, location, metadata);
    }

    /** True when the item is a member of a shard rather than a file of its own. */
    public boolean inShard() {
        return location != null;
    }

    /** What to call the item in messages: its path, or its shard's URL and its member's name. */
    public String name() {
        return location == null ? path.toString() : location.name();
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
