package io.reactiveaudio.batch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bounded pool of direct, little-endian {@link ByteBuffer}s of one capacity: the storage that
 * {@link Batch}es are written into and recycled through.
 *
 * <p><b>Direct memory.</b> Batches are handed to sockets and native code without a copy, which
 * only direct buffers allow (NIO copies a heap buffer into a temporary direct one before every
 * write). Direct memory is slow to allocate and returned only when the garbage collector finds
 * the buffer unreachable, so the pool allocates lazily, at most {@link #maxBuffers()} buffers,
 * and keeps every one for reuse: it holds at most {@code maxBuffers * capacity} bytes, counted
 * against {@code -XX:MaxDirectMemorySize}.
 *
 * <p><b>Exhaustion fails at once.</b> {@link #acquire()} with every buffer in use throws an
 * {@link IllegalStateException} naming the bound; it never waits. Waiting would hang, with no
 * message, any consumer that holds batches until more arrive ({@code collectList}, or
 * {@code buffer(n)} with n above the pool size). Batches are made only on demand, so a
 * pool that covers every batch requested and not yet released never runs dry; {@link Batcher}
 * says how to size it.
 *
 * <p><b>Ownership.</b> Each acquired buffer must be released exactly once, by its owner (for a
 * batch, {@link Batch#release()}). Releasing a buffer twice, or one this pool did not make, is an
 * error. Thread-safe: acquire and release may happen on any threads; the counters are snapshots.
 */
public final class BufferPool {

    private final int capacity;
    private final int maxBuffers;
    /** Free buffers, the most recently released first (its memory is the likeliest in cache). */
    private final Deque<ByteBuffer> free = new ArrayDeque<>();
    /** Every buffer made, by identity (ByteBuffer equality compares contents), and whether it is in use. */
    private final Map<ByteBuffer, Boolean> inUseByBuffer = new IdentityHashMap<>();

    /**
     * A pool that allocates nothing until the first {@link #acquire()}.
     *
     * @param capacity bytes per buffer, at least 1
     * @param maxBuffers the most buffers it ever allocates, at least 1
     */
    public BufferPool(int capacity, int maxBuffers) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 byte: " + capacity);
        }
        if (maxBuffers < 1) {
            throw new IllegalArgumentException("maxBuffers must be at least 1: " + maxBuffers);
        }
        this.capacity = capacity;
        this.maxBuffers = maxBuffers;
    }

    /**
     * A free buffer, cleared (position 0, limit = capacity) and little-endian, allocating one if
     * none is free and fewer than {@code maxBuffers} exist. The contents are what its last user
     * left; the caller owns it until it calls {@link #release}.
     *
     * @throws IllegalStateException if all {@code maxBuffers} buffers are in use
     */
    public synchronized ByteBuffer acquire() {
        ByteBuffer buffer = free.pollFirst();
        if (buffer == null) {
            if (inUseByBuffer.size() == maxBuffers) {
                throw new IllegalStateException("buffer pool exhausted: all " + maxBuffers + " buffers of " + capacity
                        + " bytes are in use (maxBuffers = " + maxBuffers + "). Release every batch after use"
                        + " (Batch.release or close; add .doOnDiscard(Batch.class, Batch::release) after operators"
                        + " that drop or queue batches) and make the pool cover every batch requested but not yet"
                        + " released: downstream prefetch plus the batches the consumer holds"
                        + " (raise it with Batcher.poolSize)");
            }
            buffer = ByteBuffer.allocateDirect(capacity);
        }
        inUseByBuffer.put(buffer, Boolean.TRUE);
        buffer.clear().order(ByteOrder.LITTLE_ENDIAN);
        return buffer;
    }

    /**
     * Gives a buffer back for reuse; the caller must not touch it afterwards.
     *
     * @throws IllegalStateException if the buffer is not in use (released twice)
     * @throws IllegalArgumentException if this pool did not make it
     */
    public synchronized void release(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        Boolean inUse = inUseByBuffer.get(buffer);
        if (inUse == null) {
            throw new IllegalArgumentException("buffer not from this pool: " + buffer);
        }
        if (!inUse) {
            throw new IllegalStateException("buffer released twice: " + buffer);
        }
        inUseByBuffer.put(buffer, Boolean.FALSE);
        free.addFirst(buffer);
    }

    /** Bytes per buffer. */
    public int capacity() {
        return capacity;
    }

    /** The most buffers this pool allocates. */
    public int maxBuffers() {
        return maxBuffers;
    }

    /** Buffers allocated so far: the most that were ever in use at once. */
    public synchronized int allocated() {
        return inUseByBuffer.size();
    }

    /** Buffers acquired and not yet released. */
    public synchronized int inUse() {
        return inUseByBuffer.size() - free.size();
    }

    /** Allocated buffers that are free. */
    public synchronized int available() {
        return free.size();
    }

    @Override
    public synchronized String toString() {
        return "BufferPool{capacity=" + capacity + ", maxBuffers=" + maxBuffers + ", allocated="
                + inUseByBuffer.size() + ", inUse=" + inUse() + "}";
    }
}
