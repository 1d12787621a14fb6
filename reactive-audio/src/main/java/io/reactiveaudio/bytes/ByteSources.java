package io.reactiveaudio.bytes;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens a {@link ByteSource} for a path or a URI, and a {@link ByteTarget} to write objects to:
 * {@code file:} URIs and paths locally, other schemes through the {@link ByteSourceProvider}s on
 * the class path. Thread-safe; opening
 * requests nothing yet.
 */
public final class ByteSources {

    /**
     * Buffers a remote source's channel requests from its transport ahead of the reader (the
     * remote module's bound on what one open stream holds).
     */
    public static final int REMOTE_READ_AHEAD_BUFFERS = 8;

    /** The largest buffer a remote transport delivers, in bytes: Netty's largest read, 64 KiB. */
    public static final int REMOTE_BUFFER_BYTES = 64 * 1024;

    /**
     * The most bytes one open remote stream holds ahead of its reader:
     * {@link #REMOTE_READ_AHEAD_BUFFERS} × {@link #REMOTE_BUFFER_BYTES} (512 KiB).
     */
    public static final long REMOTE_READ_AHEAD_BYTES = (long) REMOTE_READ_AHEAD_BUFFERS * REMOTE_BUFFER_BYTES;

    private static final Map<String, ByteSourceProvider> PROVIDERS = load();

    private ByteSources() {
    }

    /** A local file. */
    public static ByteSource of(Path file) {
        return new FileByteSource(file);
    }

    /**
     * The object at {@code uri}: a local file for {@code file:} (or no scheme), else the source
     * of the provider registered for its scheme.
     *
     * @throws IllegalArgumentException naming the URI when no provider opens its scheme
     */
    public static ByteSource of(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return new FileByteSource(uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri));
        }
        ByteSourceProvider provider = PROVIDERS.get(scheme);
        if (provider == null) {
            throw new IllegalArgumentException("no byte source reads " + scheme + ": URIs (" + uri
                    + "); add the reactive-audio-remote module for http, https and s3");
        }
        return provider.open(uri);
    }

    /**
     * A local path or a URL: text with a scheme ({@code s3://}, {@code https://},
     * {@code file:}) is a URI, anything else a local path.
     */
    public static ByteSource of(String pathOrUrl) {
        Objects.requireNonNull(pathOrUrl, "pathOrUrl");
        return isUrl(pathOrUrl) ? of(URI.create(pathOrUrl)) : of(Path.of(pathOrUrl));
    }

    /** Whether the text names a URL (it has a scheme of two or more letters) rather than a local path. */
    public static boolean isUrl(String pathOrUrl) {
        return pathOrUrl.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    /**
     * Where to write objects: a local folder for a path or a {@code file:} URI, else the target of
     * the provider registered for the URL's scheme ({@code s3://bucket/prefix}).
     *
     * @throws IllegalArgumentException naming the URL when no provider writes its scheme
     */
    public static ByteTarget target(String folderOrUrl) {
        Objects.requireNonNull(folderOrUrl, "folderOrUrl");
        if (!isUrl(folderOrUrl)) {
            return new FolderTarget(Path.of(folderOrUrl));
        }
        URI uri = URI.create(folderOrUrl);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return new FolderTarget(Path.of(uri));
        }
        ByteSourceProvider provider = PROVIDERS.get(scheme);
        if (provider == null) {
            throw new IllegalArgumentException("nothing writes " + scheme + ": URLs (" + folderOrUrl
                    + "); add the reactive-audio-remote module for s3");
        }
        return provider.target(uri);
    }

    /** The local file a source reads, when it is one. */
    public static Optional<Path> localFile(ByteSource source) {
        return source instanceof FileByteSource file ? Optional.of(file.path()) : Optional.empty();
    }

    private static Map<String, ByteSourceProvider> load() {
        Map<String, ByteSourceProvider> providers = new HashMap<>();
        for (ByteSourceProvider provider : ServiceLoader.load(ByteSourceProvider.class, ByteSources.class.getClassLoader())) {
            for (String scheme : provider.schemes()) {
                providers.putIfAbsent(scheme.toLowerCase(Locale.ROOT), provider);
            }
        }
        return Map.copyOf(providers);
    }
}
