package io.reactiveaudio.codec;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Buffered, seekable byte input over a file that knows its absolute position, so every decoder
 * can name the byte offset of a problem.
 *
 * <p>I/O failures surface as {@link AudioDecodeException} of kind {@code UNREADABLE} carrying the
 * position. Reads block: use it on a bounded-elastic thread. Not thread-safe: one reader at a time.
 */
public final class ByteInput implements Closeable {

    private static final int DEFAULT_BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final SeekableByteChannel channel;
    private final ByteBuffer buffer;
    /** File position of buffer index 0. */
    private long bufferStart;

    /**
     * Opens a file for reading.
     *
     * @throws AudioDecodeException of kind UNREADABLE when the file cannot be opened
     */
    public static ByteInput open(Path path) {
        try {
            return new ByteInput(path, FileChannel.open(path, StandardOpenOption.READ), DEFAULT_BUFFER_BYTES);
        } catch (NoSuchFileException e) {
            throw new AudioDecodeException(path, AudioDecodeException.Kind.UNREADABLE,
                    AudioDecodeException.UNKNOWN_OFFSET, "no such file", e);
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
        this.path = Objects.requireNonNull(path, "path");
        this.channel = Objects.requireNonNull(channel, "channel");
        if (bufferBytes < 16) {
            throw new IllegalArgumentException("bufferBytes must be at least 16: " + bufferBytes);
        }
        this.buffer = ByteBuffer.allocate(bufferBytes);
        this.buffer.limit(0);
        try {
            this.bufferStart = channel.position();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The file this input reads, as given. */
    public Path path() {
        return path;
    }

    /** Absolute position of the next byte to read, in bytes from the start of the file. */
    public long position() {
        return bufferStart + buffer.position();
    }

    /** Size of the file in bytes. */
    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw unreadable(e);
        }
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
        try {
            channel.position(position);
        } catch (IOException e) {
            throw unreadable(e);
        }
        bufferStart = position;
        buffer.clear().limit(0);
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
        try {
            channel.close();
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
            return channel.read(buffer);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private AudioDecodeException unreadable(IOException e) {
        return new AudioDecodeException(path, AudioDecodeException.Kind.UNREADABLE, position(),
                "read failed: " + e, e);
    }
}
