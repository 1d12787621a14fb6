package io.reactiveaudio.cache;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one cache block ({@value PcmFileHeader#BLOCK_BYTES} bytes) for the readers of
 * cache files, kept for reuse when a reader closes. A file channel reads straight into a direct
 * buffer, where a heap buffer costs a copy through a temporary direct one; reuse spares a new
 * direct allocation, which the JVM frees only at a garbage collection, for every file opened.
 *
 * <p>Memory: one block per open reader, plus at most {@value #KEPT} blocks kept free (16 MiB).
 * Thread-safe.
 */
final class BlockBuffers {

    /** The most free blocks kept for reuse. */
    static final int KEPT = 16;

    private static final Queue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger FREE_COUNT = new AtomicInteger();

    private BlockBuffers() {
    }

    /** A cleared block buffer, reused or new. */
    static ByteBuffer take() {
        ByteBuffer buffer = FREE.poll();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(PcmFileHeader.BLOCK_BYTES);
        }
        FREE_COUNT.decrementAndGet();
        return buffer.clear();
    }

    /** Gives a block buffer back; kept if fewer than {@link #KEPT} are free, else left to the collector. */
    static void give(ByteBuffer buffer) {
        if (FREE_COUNT.incrementAndGet() <= KEPT) {
            FREE.offer(buffer);
        } else {
            FREE_COUNT.decrementAndGet();
        }
    }
}
