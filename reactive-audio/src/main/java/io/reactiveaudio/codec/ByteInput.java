package io.reactiveaudio.codec;

import io.reactiveaudio.bytes.ByteSource;
import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.ByteSources;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Buffered, seekable byte input over a file or any {@link ByteSource} (a tar member, a remote
 * object) that knows its absolute position, so every decoder can name the byte offset of a
 * problem.
 *
 * <p>A {@link ByteSource} is read through one channel from the position of the last seek; a seek
 * outside the buffer opens the next read at the new position (for a remote object, a new range
 * request), so reading in order costs one request. A source that is not a local file keeps the
 * channel it leaves <em>parked</em> with its buffer, and a later seek back into that buffer
 * resumes both: so a decoder that reads a file's head, looks at its last bytes (an ID3v1 tag) and
 * comes back costs two requests, not three, and no transfer is broken off. At most one channel is
 * parked (the older one is closed), so an input holds at most two channels and two buffers. I/O failures, a missing or denied
 * object included, surface as {@link AudioDecodeException} of kind {@code UNREADABLE} carrying
 * the position and, as its cause, the source's typed {@link ByteSourceException}. Reads block:
 * use it on a bounded-elastic thread. Not thread-safe: one reader at a time.
 */
public final class ByteInput implements Closeable {

    private static final int DEFAULT_BUFFER_BYTES = 1 << 16;

    private final Path path;
    /** The source reopened at each far seek, or null when reading a given seekable channel. */
    private final ByteSource source;
    /** The open channel, or null until the next read when a far seek closed or parked it. */
    private ReadableByteChannel channel;
    private ByteBuffer buffer;
    /** File position of buffer index 0. */
    private long bufferStart;
    /** The channel a far seek left, to resume on a seek back into {@link #parkedBuffer}; or null. */
    private ReadableByteChannel parkedChannel;
    /** The buffer of the parked channel, or a spare one for the next park; null until the first park. */
    private ByteBuffer parkedBuffer;
    /** File position of {@link #parkedBuffer}'s index 0. */
    private long parkedStart;
    /** Whether the channel's positions are the source's, so a seek moves it instead of reopening. */
    private final boolean seekableInPlace;
    /** Size of the source in bytes, or -1 until asked. */
    private long size = -1;

    /**
     * Opens a file for reading.
     *
     * @throws AudioDecodeException of kind UNREADABLE when the file cannot be opened
     */
    public static ByteInput open(Path path) {
        return open(ByteSources.of(path), path);
    }

    /**
     * Opens any byte source for reading from its first byte.
     *
     * @param source the bytes, for example a tar member or a remote object
     * @param path the name used in error messages
     * @throws AudioDecodeException of kind UNREADABLE when the source cannot be opened
     */
    public static ByteInput open(ByteSource source, Path path) {
        Objects.requireNonNull(source, "source");
        try {
            return new ByteInput(path, source, source.openAt(0), DEFAULT_BUFFER_BYTES);
        } catch (ByteSourceException e) {
            throw new AudioDecodeException(path, AudioDecodeException.Kind.UNREADABLE,
                    AudioDecodeException.UNKNOWN_OFFSET, e.kind() == ByteSourceException.Kind.NOT_FOUND
                    && ByteSources.localFile(source).isPresent() ? "no such file" : "cannot open: " + e.getMessage(), e);
        } catch (IOException | SecurityException e) {
            throw new AudioDecodeException(path, AudioDecodeException.Kind.UNREADABLE,
                    AudioDecodeException.UNKNOWN_OFFSET, "cannot open: " + e, e);
        }
    }

    /**
     * Wraps an open channel positioned anywhere; reading starts at the channel's current position.
     *
     * @param path the name used in error messages
     * @param channel the channel, closed by {@link #close()}
     * @param bufferBytes read buffer size in bytes (at least 16)
     */
    public ByteInput(Path path, SeekableByteChannel channel, int bufferBytes) {
        this(path, null, channel, bufferBytes);
        try {
            this.bufferStart = channel.position();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private ByteInput(Path path, ByteSource source, ReadableByteChannel channel, int bufferBytes) {
        this.path = Objects.requireNonNull(path, "path");
        this.source = source;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.seekableInPlace = source == null || ByteSources.localFile(source).isPresent();
        if (bufferBytes < 16) {
            throw new IllegalArgumentException("bufferBytes must be at least 16: " + bufferBytes);
        }
        this.buffer = ByteBuffer.allocate(bufferBytes);
        this.buffer.limit(0);
    }

    /** The file this input reads, as given. */
    public Path path() {
        return path;
    }

    /** Absolute position of the next byte to read, in bytes from the start of the file. */
    public long position() {
        return bufferStart + buffer.position();
    }

    /** Size of the file (or source) in bytes; asked once. */
    public long size() {
        if (size < 0) {
            try {
                size = source != null ? source.size() : ((SeekableByteChannel) channel).size();
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        return size;
    }

    /** Bytes left between the position and the end of the file. */
    public long remaining() {
        return Math.max(0, size() - position());
    }

    /** Reads one byte (0..255), or returns -1 at the end of the file. */
    public int read() {
        if (!buffer.hasRemaining() && fill() <= 0) {
            return -1;
        }
        return buffer.get() & 0xFF;
    }

    /**
     * Reads up to {@code len} bytes, blocking until that many are read or the file ends.
     *
     * @return the number of bytes read, less than {@code len} only at the end of the file
     */
    public int readFully(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        int done = 0;
        while (done < len) {
            if (!buffer.hasRemaining() && fill() <= 0) {
                break;
            }
            int n = Math.min(len - done, buffer.remaining());
            buffer.get(dst, off + done, n);
            done += n;
        }
        return done;
    }

    /**
     * Reads bytes without consuming them: the next read returns them again.
     *
     * @param len at most half the buffer size
     * @return the number of bytes copied, less than {@code len} only near the end of the file
     */
    public int peek(byte[] dst, int off, int len) {
        if (len > buffer.capacity() / 2) {
            throw new IllegalArgumentException("peek of " + len + " bytes exceeds half the buffer");
        }
        if (buffer.remaining() < len) {
            long unreadStart = position();
            buffer.compact();
            bufferStart = unreadStart;
            fillRemainingSpace();
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(buffer.position(), dst, off, n);
        return n;
    }

    /** Moves to an absolute position (it may lie beyond the end; reads there return end of file). */
    public void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        long inBuffer = position - bufferStart;
        if (inBuffer >= 0 && inBuffer <= buffer.limit()) {
            buffer.position((int) inBuffer);
            return;
        }
        if (parkedChannel != null && position >= parkedStart && position - parkedStart <= parkedBuffer.limit()) {
            swapWithParked();
            buffer.position((int) (position - bufferStart));
            return;
        }
        try {
            if (channel instanceof SeekableByteChannel seekable && seekableInPlace) {
                seekable.position(position);
            } else if (channel != null) {
                park();
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        bufferStart = position;
        buffer.clear().limit(0);
    }

    /** Parks the channel and its buffer (closing the one parked before) and takes a spare buffer. */
    private void park() throws IOException {
        ReadableByteChannel older = parkedChannel;
        ByteBuffer spare = parkedBuffer != null ? parkedBuffer : ByteBuffer.allocate(buffer.capacity());
        parkedChannel = channel;
        parkedBuffer = buffer;
        parkedStart = bufferStart;
        channel = null;
        buffer = spare;
        if (older != null) {
            older.close();
        }
    }

    /** Makes the parked channel and buffer the current ones, and parks the current ones. */
    private void swapWithParked() {
        ReadableByteChannel c = channel;
        ByteBuffer b = buffer;
        long start = bufferStart;
        channel = parkedChannel;
        buffer = parkedBuffer;
        bufferStart = parkedStart;
        parkedChannel = c;
        parkedBuffer = b;
        parkedStart = start;
    }

    /** Skips {@code n} bytes forward (seeking, not reading, when they lie outside the buffer). */
    public void skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative skip " + n);
        }
        seek(position() + n);
    }

    /** Creates an exception about this file at the given offset. */
    public AudioDecodeException error(AudioDecodeException.Kind kind, long byteOffset, String reason) {
        return new AudioDecodeException(path, kind, byteOffset, reason);
    }

    @Override
    public void close() {
        ReadableByteChannel parked = parkedChannel;
        parkedChannel = null;
        try (ReadableByteChannel c = channel; ReadableByteChannel p = parked) {
            channel = null;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Refills an empty buffer; returns the number of bytes now available, or -1 at end of file. */
    private int fill() {
        bufferStart += buffer.limit();
        buffer.clear();
        fillRemainingSpace();
        return buffer.hasRemaining() ? buffer.remaining() : -1;
    }

    /** Reads from the channel until the buffer (in write mode) is full or the file ends, then flips it. */
    private void fillRemainingSpace() {
        while (buffer.hasRemaining() && readChannel() > 0) {
            // keep reading: a channel may return fewer bytes than asked
        }
        buffer.flip();
    }

    private int readChannel() {
        try {
            if (channel == null) {
                long at = bufferStart + buffer.position();
                if (at >= size()) {
                    return -1;
                }
                channel = source.openAt(at);
            }
            return channel.read(buffer);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private AudioDecodeException unreadable(IOException e) {
        return new AudioDecodeException(path, AudioDecodeException.Kind.UNREADABLE, position(),
                "read failed: " + (e instanceof ByteSourceException ? e.getMessage() : e.toString()), e);
    }
}
