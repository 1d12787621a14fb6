package io.reactiveaudio.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * The bytes {@code [offset, offset + length)} of another source, such as one member of a tar
 * shard. Reads past the range's end return end of stream; the underlying source is asked only
 * for the range (a remote source thus sends a range request starting at the member).
 * Immutable and thread-safe.
 */
final class RangeByteSource implements ByteSource {

    private final ByteSource whole;
    private final long offset;
    private final long length;
    private final String name;

    RangeByteSource(ByteSource whole, long offset, long length, String name) {
        this.whole = Objects.requireNonNull(whole, "whole");
        this.name = Objects.requireNonNull(name, "name");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        this.offset = offset;
        this.length = length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public ReadableByteChannel openAt(long position) throws IOException {
        if (position < 0 || position > length) {
            throw new IllegalArgumentException("position must be in 0.." + length + ": " + position);
        }
        return new Limited(whole.openAt(offset + position, length - position), length - position);
    }

    @Override
    public String toString() {
        return name;
    }

    /** A channel that ends after {@code left} bytes of another. */
    private static final class Limited implements ReadableByteChannel {
        private final ReadableByteChannel channel;
        private long left;

        Limited(ReadableByteChannel channel, long left) {
            this.channel = channel;
            this.left = left;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left == 0) {
                return -1;
            }
            int room = dst.remaining();
            if (room <= left) {
                int n = channel.read(dst);
                left -= Math.max(n, 0);
                return n;
            }
            ByteBuffer slice = dst.slice().limit((int) left);
            int n = channel.read(slice);
            if (n > 0) {
                dst.position(dst.position() + n);
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
