package io.reactiveaudio.source;

import io.reactiveaudio.audio.AudioSource;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The audio files under a folder, listed recursively: an immutable builder whose setters return a
 * new instance, and whose {@link #scan()} or {@link #flux()} lists the files.
 *
 * <p><b>Order and index.</b> Files are sorted by their path relative to the root, compared
 * component by component in Unicode code point order ({@code a/x.wav} &lt; {@code a-b/y.wav}
 * &lt; {@code a.wav}; {@code Z} &lt; {@code a} &lt; {@code ä} &lt; {@code é}), whatever the locale
 * and whatever order the file system lists them in. Names are compared as stored, without Unicode
 * normalization. An item's index is its position in that order, so listing the same tree again
 * gives every file the same index. Each item's path is the root as given resolved against the
 * relative path, and covers the whole file.
 *
 * <p><b>What is listed.</b> Regular files whose name ends with '.' and one of the
 * {@linkplain #extensions(String...) extensions}, ignoring case. Names starting with '.' (files and
 * folders) are skipped unless {@linkplain #includeHidden(boolean) included}. The root itself is
 * always scanned, even when hidden or a link. Pipes, devices and sockets are skipped.
 *
 * <p><b>Links.</b> When {@linkplain #followLinks(boolean) following links} (the default), a link
 * to a folder is entered, but no folder is entered twice: one reached again, through a loop or a
 * second link, is skipped, so the walk ends and lists each file once, under the first path in
 * the order above. A link that cannot be resolved (dangling, or a loop of links) is listed like a
 * file when its name matches, so that decoding reports it rather than the scan dropping it. When
 * not following links, links to files and to folders are both skipped.
 *
 * <p><b>Failures.</b> A folder that cannot be listed (permissions, I/O error, vanished during the
 * scan) fails the whole scan with an {@link UncheckedIOException} naming it, rather than dropping
 * its files; the cause is the file system's exception. Files are not opened: a file that cannot be
 * read is reported when it is decoded.
 *
 * <p>Immutable and thread-safe.
 */
public final class DirectorySource {

    private static final List<String> DEFAULT_EXTENSIONS = List.of("mp3", "wav", "flac");

    private final Path root;
    private final List<String> extensions;
    private final boolean labelsFromParentFolder;
    private final boolean includeHidden;
    private final boolean followLinks;
    private final Scheduler scheduler;

    DirectorySource(Path root) {
        this(Objects.requireNonNull(root, "root"), DEFAULT_EXTENSIONS, false, false, true, null);
    }

    private DirectorySource(Path root, List<String> extensions, boolean labelsFromParentFolder,
                            boolean includeHidden, boolean followLinks, Scheduler scheduler) {
        this.root = root;
        this.extensions = extensions;
        this.labelsFromParentFolder = labelsFromParentFolder;
        this.includeHidden = includeHidden;
        this.followLinks = followLinks;
        this.scheduler = scheduler;
    }

    /**
     * The file extensions to list (default {@code "mp3", "wav", "flac"}), matched ignoring case.
     *
     * @param extensions extensions without the leading dot, such as {@code "wav"} or {@code "tar.gz"}
     * @throws IllegalArgumentException when none is given, or one is empty, starts with '.' or holds a
     *     path separator
     */
    public DirectorySource extensions(String... extensions) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String extension : extensions) {
            Objects.requireNonNull(extension, "extension");
            if (extension.isEmpty() || extension.startsWith(".") || extension.contains("/")
                    || extension.contains(root.getFileSystem().getSeparator())) {
                throw new IllegalArgumentException("extension must be non-empty, without leading dot or "
                        + "separator: \"" + extension + "\"");
            }
            normalized.add(extension.toLowerCase(Locale.ROOT));
        }
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("at least one extension is required");
        }
        return new DirectorySource(root, List.copyOf(normalized), labelsFromParentFolder, includeHidden,
                followLinks, scheduler);
    }

    /**
     * Whether each file is labelled with the name of the folder that holds it (default false).
     * {@code root/dog/a/1.wav} gets label {@code "a"}. The labels form the set's {@link LabelMap}.
     * A file lying directly in the root has no such folder, and makes the scan fail with an
     * {@link IllegalArgumentException} listing those files, rather than label them with a name
     * that is not a class.
     */
    public DirectorySource labelsFromParentFolder(boolean labelsFromParentFolder) {
        return new DirectorySource(root, extensions, labelsFromParentFolder, includeHidden, followLinks, scheduler);
    }

    /** Whether files and folders whose name starts with '.' are listed (default false). */
    public DirectorySource includeHidden(boolean includeHidden) {
        return new DirectorySource(root, extensions, labelsFromParentFolder, includeHidden, followLinks, scheduler);
    }

    /**
     * Whether symbolic links are followed (default true); when false, links are skipped. Loops
     * are safe either way: no folder is entered twice.
     */
    public DirectorySource followLinks(boolean followLinks) {
        return new DirectorySource(root, extensions, labelsFromParentFolder, includeHidden, followLinks, scheduler);
    }

    /**
     * The scheduler {@link #flux()} scans on (default {@link Schedulers#boundedElastic()}); it must
     * allow blocking.
     */
    public DirectorySource scheduler(Scheduler scheduler) {
        return new DirectorySource(root, extensions, labelsFromParentFolder, includeHidden, followLinks,
                Objects.requireNonNull(scheduler, "scheduler"));
    }

    /** The folder to scan, as given. */
    public Path root() {
        return root;
    }

    /**
     * Walks the tree now, on the calling thread, and returns the files found. Blocking: call it
     * from a thread that may block, or use {@link #flux()}.
     *
     * @throws UncheckedIOException when the root or a folder under it cannot be read, naming it
     * @throws IllegalArgumentException when labelling from parent folders and files lie directly
     *     in the root, listing them
     */
    public SourceSet scan() {
        List<Path> files = new DirectoryScanner(extensions, includeHidden, followLinks).scan(root);
        if (!labelsFromParentFolder) {
            List<AudioSource> sources = new ArrayList<>(files.size());
            for (Path file : files) {
                sources.add(AudioSource.of(sources.size(), file));
            }
            return SourceSet.of(sources, LabelMap.empty());
        }
        return labelled(files);
    }

    /**
     * The files, listed lazily: each subscription walks the tree anew on the
     * {@linkplain #scheduler(Scheduler) scheduler} (bounded-elastic by default), then emits the
     * items in index order as requested, on that scheduler's thread. Nothing is read before
     * subscription. The walk is not interrupted by cancellation; its result is then dropped.
     * Errors are those of {@link #scan()}.
     */
    public Flux<AudioSource> flux() {
        return Flux.defer(() -> Mono.fromCallable(this::scan)
                .subscribeOn(scheduler != null ? scheduler : Schedulers.boundedElastic())
                .flatMapIterable(SourceSet::sources));
    }

    private SourceSet labelled(List<Path> files) {
        List<String> names = new ArrayList<>(files.size());
        List<Path> unlabelled = new ArrayList<>();
        for (Path file : files) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() < 2) {
                unlabelled.add(relative);
            } else {
                names.add(file.getParent().getFileName().toString());
            }
        }
        if (!unlabelled.isEmpty()) {
            throw new IllegalArgumentException(unlabelled.size() + " file(s) lie directly in " + root
                    + ", so no parent folder names their label; move them into a class folder or do not "
                    + "label from parent folders: " + shortList(unlabelled));
        }
        LabelMap labels = LabelMap.of(names);
        List<AudioSource> sources = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            String label = names.get(i);
            sources.add(new AudioSource(i, files.get(i), label, labels.indexOf(label), 0, AudioSource.TO_END));
        }
        return SourceSet.of(sources, labels);
    }

    private static String shortList(List<Path> paths) {
        int shown = Math.min(paths.size(), 10);
        String list = paths.subList(0, shown).toString();
        return shown == paths.size() ? list : list + " and " + (paths.size() - shown) + " more";
    }

    @Override
    public String toString() {
        return "DirectorySource[root=" + root + ", extensions=" + extensions + ", labelsFromParentFolder="
                + labelsFromParentFolder + ", includeHidden=" + includeHidden + ", followLinks=" + followLinks + "]";
    }
}
