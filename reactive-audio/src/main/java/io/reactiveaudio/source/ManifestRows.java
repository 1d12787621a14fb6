package io.reactiveaudio.source;

import io.reactiveaudio.audio.AudioSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the data rows of a manifest in order, checks each as it is added, and makes the
 * {@link SourceSet}. Relative paths are resolved against the manifest's folder. Not thread-safe.
 */
final class ManifestRows {

    private final Path file;
    private final Path folder;
    private final List<Row> rows = new ArrayList<>();
    private long firstLine;
    private boolean labelled;

    ManifestRows(Path file) {
        this.file = file;
        this.folder = file.getParent();
    }

    /**
     * Adds a data row.
     *
     * @param line the 1-based line the row starts on
     * @param path the path as written, or null when missing
     * @param label the label, or null or empty for none
     * @param offset {@code offset_s}, or null when not given (0)
     * @param duration {@code duration_s}, or null when not given (to the end)
     * @throws ManifestException when a value is missing or out of range, or the row's labelling
     *     differs from the first row's
     */
    void add(long line, String path, String label, Double offset, Double duration) {
        Path resolved = resolve(line, path);
        boolean hasLabel = label != null && !label.isEmpty();
        if (rows.isEmpty()) {
            firstLine = line;
            labelled = hasLabel;
        } else if (hasLabel != labelled) {
            throw new ManifestException(file, line, (hasLabel ? "label \"" + label + "\"" : "no label")
                    + ", but line " + firstLine + " has " + (labelled ? "one" : "none")
                    + "; label every row or none");
        }
        if (offset != null && !(Double.isFinite(offset) && offset >= 0)) {
            throw new ManifestException(file, line, "offset_s must be finite and >= 0, was " + offset);
        }
        if (duration != null && !(Double.isFinite(duration) && duration > 0)) {
            throw new ManifestException(file, line, "duration_s must be finite and > 0, was " + duration);
        }
        rows.add(new Row(resolved, hasLabel ? label : null,
                offset == null || offset == 0 ? 0 : offset,
                duration == null ? AudioSource.TO_END : duration));
    }

    private Path resolve(long line, String path) {
        if (path == null || path.isEmpty()) {
            throw new ManifestException(file, line, "missing path");
        }
        try {
            Path parsed = file.getFileSystem().getPath(path);
            return folder == null ? parsed : folder.resolve(parsed);
        } catch (InvalidPathException e) {
            throw new ManifestException(file, line, "invalid path \"" + path + "\": " + e.getReason(), e);
        }
    }

    /** The items in row order, with the labels sorted into a {@link LabelMap}. */
    SourceSet toSourceSet() {
        List<String> names = new ArrayList<>();
        for (Row row : rows) {
            if (row.label() != null) {
                names.add(row.label());
            }
        }
        LabelMap labels = LabelMap.of(names);
        List<AudioSource> sources = new ArrayList<>(rows.size());
        for (Row row : rows) {
            int labelIndex = row.label() == null ? -1 : labels.indexOf(row.label());
            sources.add(new AudioSource(sources.size(), row.path(), row.label(), labelIndex,
                    row.offset(), row.duration()));
        }
        return SourceSet.of(sources, labels);
    }

    private record Row(Path path, String label, double offset, double duration) {
    }
}
