package io.reactiveaudio.bytes;

import java.net.URI;
import java.util.Set;

/**
 * Opens remote objects of some URI schemes ({@code http}, {@code https}, {@code s3}) and writes
 * them where the scheme allows ({@code s3}): found by {@link java.util.ServiceLoader} on the class
 * path (the {@code reactive-audio-remote} module provides one), so users who read local files only
 * pull in no HTTP or S3 client.
 * Implementations are thread-safe.
 */
public interface ByteSourceProvider {

    /** The URI schemes this provider opens, in lower case. */
    Set<String> schemes();

    /** The object at {@code uri}; nothing is requested until the source is read or sized. */
    ByteSource open(URI uri);

    /**
     * Where to write objects under the prefix {@code uri}; nothing is requested until an object
     * is written. By default no scheme of this provider is writable.
     *
     * @throws IllegalArgumentException naming the URI when its scheme is read-only here
     */
    default ByteTarget target(URI uri) {
        throw new IllegalArgumentException("cannot write to " + uri.getScheme() + ": URLs (" + uri + ")");
    }
}
