package io.reactiveaudio.decode;

import java.util.concurrent.Semaphore;

/**
 * How many files may decode at the same instant, changeable while they run: each decode step (one
 * chunk) holds a permit. Lowering the limit takes effect as running steps finish. The permits are
 * not fair: a thread that has just decoded a chunk may take the next permit again before a waiting
 * one wakes. A fair hand-over costs a context switch per chunk (about 770 per 32 × 196 608-frame
 * stereo batch), 10–20 % of a cache-served pipeline's CPU; the order in which files get permits
 * changes no output, and the bounded prefetch of each file makes a thread give way. Thread-safe;
 * {@link #acquire} blocks, so it is called on the decode threads (bounded elastic).
 */
public final class DecodeGate {

    private final Permits permits;
    private int limit;

    /**
     * A gate letting {@code limit} decode steps run at once.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public DecodeGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.permits = new Permits(limit);
        this.limit = limit;
    }

    /** Waits for a permit. */
    void acquire() {
        permits.acquireUninterruptibly();
    }

    void release() {
        permits.release();
    }

    /** Sets the number of permits (at least 1). */
    synchronized void limit(int next) {
        if (next < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + next);
        }
        if (next > limit) {
            permits.release(next - limit);
        } else if (next < limit) {
            permits.reducePermits(limit - next);
        }
        limit = next;
    }

    synchronized int limit() {
        return limit;
    }

    /** A non-fair semaphore whose permits can be taken away without waiting for them. */
    private static final class Permits extends Semaphore {

        Permits(int permits) {
            super(permits, false);
        }

        @Override
        protected void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }
    }
}
