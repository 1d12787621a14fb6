package io.reactiveaudio.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a folder tree depth-first, children in {@link CodePointOrder} of their names, which lists
 * the files in code point order of their relative paths compared component by component.
 *
 * <p>Each folder is entered once, identified by its file key (device and inode) or, where the file
 * system has none, by its real path; so link loops end and a folder reached twice is listed under
 * the first path in that order. Blocking. One instance per walk: not thread-safe.
 */
final class DirectoryScanner {

    private static final Comparator<Entry> BY_NAME = Comparator.comparing(Entry::name, CodePointOrder.STRINGS);

    private final List<String> suffixes;
    private final boolean includeHidden;
    private final boolean followLinks;
    private final Set<Object> visited = new HashSet<>();

    /**
     * @param extensions lower-case extensions without dot
     * @param includeHidden whether names starting with '.' are listed
     * @param followLinks whether symbolic links are followed; when false they are skipped
     */
    DirectoryScanner(List<String> extensions, boolean includeHidden, boolean followLinks) {
        this.suffixes = extensions.stream().map(e -> "." + e).toList();
        this.includeHidden = includeHidden;
        this.followLinks = followLinks;
    }

    /**
     * Lists the matching regular files under {@code root}, each as {@code root} resolved against
     * its relative path.
     *
     * @throws UncheckedIOException naming the folder or entry that could not be read
     */
    List<Path> scan(Path root) {
        List<Path> files = new ArrayList<>();
        Deque<Entry> stack = new ArrayDeque<>();
        stack.push(rootEntry(root));
        while (!stack.isEmpty()) {
            Entry entry = stack.pop();
            if (entry.key() == null) {
                files.add(entry.path());
            } else if (visited.add(entry.key())) {
                List<Entry> children = list(entry.path());
                children.sort(BY_NAME.reversed());
                children.forEach(stack::push);
            }
        }
        return files;
    }

    private Entry rootEntry(Path root) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                throw new NotDirectoryException(root.toString());
            }
            return new Entry(root, "", key(root, attributes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan folder " + root + ": " + FileErrors.reason(e), e);
        }
    }

    private List<Entry> list(Path folder) {
        List<Entry> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (includeHidden || !name.startsWith(".")) {
                    Entry entry = entry(child, name);
                    if (entry != null) {
                        children.add(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list folder " + folder + ": " + FileErrors.reason(e), e);
        } catch (DirectoryIteratorException e) {
            throw new UncheckedIOException("cannot list folder " + folder + ": " + FileErrors.reason(e.getCause()), e.getCause());
        }
        return children;
    }

    /** The entry for a child, or null when it is not listed. */
    private Entry entry(Path child, String name) {
        BasicFileAttributes attributes;
        try {
            if (followLinks) {
                attributes = Files.readAttributes(child, BasicFileAttributes.class);
            } else {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    return null;
                }
            }
            if (attributes.isDirectory()) {
                return new Entry(child, name, key(child, attributes));
            }
        } catch (IOException e) {
            if (!Files.isSymbolicLink(child)) {
                throw new UncheckedIOException("cannot read " + child + ": " + FileErrors.reason(e), e);
            }
            return matches(name) ? new Entry(child, name, null) : null;
        }
        return attributes.isRegularFile() && matches(name) ? new Entry(child, name, null) : null;
    }

    private static Object key(Path folder, BasicFileAttributes attributes) throws IOException {
        Object fileKey = attributes.fileKey();
        return fileKey != null ? fileKey : folder.toRealPath();
    }

    private boolean matches(String name) {
        for (String suffix : suffixes) {
            int start = name.length() - suffix.length();
            if (start > 0 && name.regionMatches(true, start, suffix, 0, suffix.length())) {
                return true;
            }
        }
        return false;
    }

    /** A listed child: a folder (with the key that identifies it) or a file (key null). */
    private record Entry(Path path, String name, Object key) {
    }
}
