package io.reactiveaudio.source;

import io.reactiveaudio.audio.AudioSource;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Entry points that list a corpus: a folder tree, an explicit list of files, a manifest, or shards.
 *
 * <p>Listing never opens the audio files: a missing or unreadable file is reported when it is
 * decoded. Stateless and thread-safe.
 */
public final class Sources {

    private Sources() {
    }

    /**
     * The audio files under a folder; see {@link DirectorySource} for order, filters and labels.
     * Nothing is read until {@link DirectorySource#scan()} or {@link DirectorySource#flux()}.
     */
    public static DirectorySource directory(Path root) {
        return new DirectorySource(root);
    }

    /**
     * The samples of sharded tar archives (WebDataset layout); see {@link ShardSource} for the
     * layout, labels and listing. {@code spec} is a local path or a URL ({@code s3://},
     * {@code http(s)://}, {@code file:}) with brace ranges ({@code shard-{000000..000511}.tar}), a
     * local text file listing such specifications one a line, or a local folder of {@code .tar}
     * files. Nothing is read until {@link ShardSource#scan()}.
     */
    public static ShardSource shards(String spec) {
        return new ShardSource(spec, null, null);
    }

    /** Unlabelled items for the given files, whole; index = position in the list. */
    public static SourceSet of(List<Path> paths) {
        List<AudioSource> sources = new ArrayList<>(paths.size());
        for (Path path : paths) {
            sources.add(AudioSource.of(sources.size(), path));
        }
        return SourceSet.of(sources, LabelMap.empty());
    }

    /** Same as {@link #of(List)}. */
    public static SourceSet of(Path... paths) {
        return of(Arrays.asList(paths));
    }

    /**
     * Labelled items for the given files, whole; index = position in the list, label = the label
     * at the same position. The labels are sorted into the set's {@link LabelMap}.
     *
     * @throws IllegalArgumentException when the lists differ in length or a label is empty
     * @throws NullPointerException when a path or label is null
     */
    public static SourceSet of(List<Path> paths, List<String> labels) {
        if (paths.size() != labels.size()) {
            throw new IllegalArgumentException(paths.size() + " paths but " + labels.size() + " labels");
        }
        LabelMap map = LabelMap.of(labels);
        List<AudioSource> sources = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            String label = labels.get(i);
            sources.add(new AudioSource(i, paths.get(i), label, map.indexOf(label), 0, AudioSource.TO_END));
        }
        return SourceSet.of(sources, map);
    }

    /**
     * Reads a manifest listing one item per data row; the format follows the extension, ignoring
     * case: {@code .csv}, or JSON Lines for {@code .jsonl} and {@code .ndjson}. Blocking: call it
     * from a thread that may block.
     *
     * <p><b>Fields.</b> {@code path} (required), {@code label}, {@code offset_s} (seconds, default
     * 0, finite and &gt;= 0) and {@code duration_s} (seconds, default to the end, finite and &gt;
     * 0). A relative path is resolved against the manifest's folder, an absolute one is kept;
     * neither is checked for existence. An empty or missing label means unlabelled, and either
     * every row is labelled or none is. The labels are sorted into the set's {@link LabelMap}.
     * Index = position among the data rows.
     *
     * <p><b>CSV</b> follows RFC 4180 (quoted fields with commas, doubled quotes and line breaks).
     * A first row whose first field is exactly {@code path} is a header naming the columns, in any
     * order; without one the columns are {@code path,label,offset_s,duration_s}, trailing ones
     * optional. Spaces around unquoted fields are dropped; quote a field to keep them.
     *
     * <p><b>JSON Lines</b>: one object per line, read with Jackson's streaming parser; numbers are
     * JSON numbers, {@code null} means not given, and unknown keys are errors (a misspelt key would
     * otherwise be ignored silently).
     *
     * <p>Both: UTF-8 with or without byte order mark, LF or CRLF line ends, blank lines and lines
     * starting with '#' skipped (quote a CSV path that starts with '#').
     *
     * @throws ManifestException naming the file and line of the first row that cannot be read
     * @throws IllegalArgumentException when the extension is none of the above
     * @throws UncheckedIOException when the manifest cannot be opened or read
     */
    public static SourceSet manifest(Path file) {
        return ManifestReader.read(Objects.requireNonNull(file, "file"));
    }
}
