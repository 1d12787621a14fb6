package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct buffers one subscription receives BATCH payloads into, reused from batch to batch.
 * Netty's allocators pool buffers up to a few MiB at most; a batch is often bigger, and a fresh
 * direct buffer per batch costs its allocation, zeroing and page faults again each time.
 *
 * <p>The pool owns up to {@link #limit} buffers and lends each as a slice of a payload's exact
 * size; a buffer is free again once every slice of it has been released (its reference count is
 * back to the pool's own 1), whoever releases it on whatever thread. A payload of another size
 * replaces a free buffer; when none is free it gets a buffer of its own, freed on release. Closing
 * the pool gives its buffers back to the allocator as their last slices are released.
 *
 * <p>Thread-safe.
 */
final class ReceiveBuffers {

    private final List<ByteBuf> owned = new ArrayList<>();
    private int limit;
    private boolean closed;

    /** @param limit the most buffers to keep, 0 or more */
    ReceiveBuffers(int limit) {
        limit(limit);
    }

    /** Keeps at most {@code max} buffers from now on. */
    synchronized void limit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + max);
        }
        this.limit = max;
    }

    /** A direct buffer of exactly {@code bytes}, empty (writer index 0); the caller releases it once. */
    synchronized ByteBuf take(ByteBufAllocator alloc, int bytes) {
        int replaceable = -1;
        for (int i = 0; i < owned.size(); i++) {
            ByteBuf buffer = owned.get(i);
            if (buffer.refCnt() == 1) {
                if (buffer.capacity() == bytes) {
                    return buffer.retainedSlice(0, bytes).clear();
                }
                replaceable = i;
            }
        }
        if (replaceable >= 0) {
            owned.remove(replaceable).release();
        }
        ByteBuf buffer = alloc.directBuffer(bytes, bytes);
        if (closed || owned.size() >= limit) {
            return buffer;
        }
        owned.add(buffer);
        return buffer.retainedSlice(0, bytes).clear();
    }

    /** Buffers the pool owns, lent or free. */
    synchronized int size() {
        return owned.size();
    }

    /** Gives the buffers up; each is freed when its last slice is released. Later buffers are not kept. */
    synchronized void close() {
        closed = true;
        owned.forEach(ByteBuf::release);
        owned.clear();
    }
}
