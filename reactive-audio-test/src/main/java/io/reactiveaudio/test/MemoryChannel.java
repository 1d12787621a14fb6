package io.reactiveaudio.test;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * A read-only {@link SeekableByteChannel} over a byte array, so a parser that reads channels can
 * run on bytes a test (or a fuzzer) makes, without a file. Positions past the end read end of
 * stream, as a file's do. Not thread-safe.
 */
public final class MemoryChannel implements SeekableByteChannel {

    private final byte[] bytes;
    private long position;
    private boolean open = true;

    /** A channel reading {@code bytes} (not copied) from position 0. */
    public MemoryChannel(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        ensureOpen();
        if (position >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        position += n;
        return n;
    }

    /** Always fails: the channel is read-only. */
    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws ClosedChannelException {
        ensureOpen();
        return position;
    }

    @Override
    public MemoryChannel position(long newPosition) throws ClosedChannelException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("newPosition must not be negative: " + newPosition);
        }
        position = newPosition;
        return this;
    }

    /** The array's length in bytes. */
    @Override
    public long size() throws ClosedChannelException {
        ensureOpen();
        return bytes.length;
    }

    /** Always fails: the channel is read-only. */
    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
