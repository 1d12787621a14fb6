package io.reactiveaudio.bytes;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Bytes that can be read from any position: a local file, a byte range of another source (a tar
 * member) or a remote object (HTTP(S), S3, from the {@code reactive-audio-remote} module).
 *
 * <p>Positions and lengths are in bytes from the start of this source. {@link #openAt} and
 * {@link #size} block (a file system call or a network request): call them on a bounded-elastic
 * thread, never on {@code parallel()} or an event loop. Implementations are immutable and
 * thread-safe; each channel they open is for one reader at a time.
 */
public interface ByteSource {

    /** What to call this source in messages: a path, a URL, a URL with a member name. */
    String name();

    /**
     * The size in bytes (blocking, may ask the server once).
     *
     * @throws ByteSourceException when the object is missing, denied or unreachable
     */
    long size() throws IOException;

    /**
     * A channel that reads from {@code position} to the end of this source; the caller closes it.
     * A remote source retries transient failures inside the channel, resuming from the last byte
     * it delivered, so a read fails only once its retries are spent.
     *
     * @param position first byte to read, 0 to {@link #size()}
     * @throws ByteSourceException when the object is missing, denied or unreachable
     */
    ReadableByteChannel openAt(long position) throws IOException;

    /**
     * A channel that reads at most {@code length} bytes from {@code position}; the caller closes
     * it. A remote source asks the server for just that range; by default the channel of
     * {@link #openAt(long)}, which the caller stops reading after {@code length} bytes.
     *
     * @param length bytes the caller will read at most
     * @throws ByteSourceException when the object is missing, denied or unreachable
     */
    default ReadableByteChannel openAt(long position, long length) throws IOException {
        return openAt(position);
    }

    /**
     * The bytes {@code [offset, offset + length)} of this source as a source of their own,
     * named {@code name} (for a tar member: the shard's URL and the member's name).
     */
    default ByteSource range(long offset, long length, String name) {
        return new RangeByteSource(this, offset, length, name);
    }
}
