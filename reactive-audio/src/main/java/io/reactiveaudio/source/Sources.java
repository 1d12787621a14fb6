package io.reactiveaudio.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry points that list a corpus: a folder tree or an explicit list of files.
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
}
