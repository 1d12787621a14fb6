package io.reactiveaudio.bytes;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A place new objects are written to: a local folder, or a prefix in object storage
 * ({@code s3://bucket/train}, from the {@code reactive-audio-remote} module). Each object is
 * written through one stream and appears whole when the stream is closed (a local file renamed
 * from a temporary name, an S3 upload completed), never half-written; a stream that fails leaves
 * no object. Objects are named relative to the target ({@code shard-000000.tar}). Streams block
 * (file system or network): use them from a thread that may block. Implementations are immutable
 * and thread-safe; each stream is for one writer.
 */
public interface ByteTarget {

    /** The folder or URL prefix, for messages. */
    String name();

    /** The path or URL of object {@code relative}, as {@link ByteSources#of(String)} opens it to read it back. */
    String resolve(String relative);

    /**
     * A stream that writes object {@code relative}, replacing any object of that name when it is
     * closed; the caller closes it.
     *
     * @throws IOException when the target cannot be written to (a typed {@link ByteSourceException}
     *     naming the URL for a remote one)
     */
    OutputStream create(String relative) throws IOException;
}
