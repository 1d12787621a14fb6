package io.reactiveaudio.pipeline;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sample arrays of whole windows that the batcher has copied into batches, kept for the lanes'
 * decoders to read the next windows into: a window then costs no allocation (and no zeroing of
 * 1.5 MB by the JVM) and the heap does not churn. At most {@code capacity} arrays wait here;
 * more are left to the garbage collector, and an array of another length than asked for is
 * dropped. Only for a pipeline whose segments nobody else sees between the decoder and the
 * batcher (no augmentation). Thread-safe and lock-free (the batcher gives on parallel threads,
 * which must not block; decoders take on bounded-elastic ones).
 */
final class WindowArrays {

    private final ConcurrentLinkedQueue<float[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final int capacity;

    /** @param capacity the most arrays kept (at least 1) */
    WindowArrays(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** An array of {@code length} samples: one given back, its contents stale, or a new one. */
    float[] take(int length) {
        float[] array = free.poll();
        if (array != null) {
            kept.decrementAndGet();
        }
        return array != null && array.length == length ? array : new float[length];
    }

    /** Keeps {@code array} for a later {@link #take}, if there is room; its holder must be done with it. */
    void give(float[] array) {
        if (kept.incrementAndGet() > capacity) {
            kept.decrementAndGet();
            return;
        }
        free.offer(array);
    }
}
