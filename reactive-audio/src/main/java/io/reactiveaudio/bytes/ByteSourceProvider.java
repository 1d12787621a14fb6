package io.reactiveaudio.bytes;

import java.net.URI;
import java.util.Set;

/**
 * Opens remote objects of some URI schemes ({@code http}, {@code https}, {@code s3}): found by
 * {@link java.util.ServiceLoader} on the class path (the {@code reactive-audio-remote} module
 * provides one), so users who read local files only pull in no HTTP or S3 client.
 * Implementations are thread-safe.
 */
public interface ByteSourceProvider {

    /** The URI schemes this provider opens, in lower case. */
    Set<String> schemes();

    /** The object at {@code uri}; nothing is requested until the source is read or sized. */
    ByteSource open(URI uri);
}
