package io.reactiveaudio.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one live source: what was received, delivered, dropped by the overflow strategy,
 * dropped for lateness, skipped by gaps in the stream positions, and overruns of a capture device.
 * A consumer reads them at any time with {@link #snapshot()}; the network server exports them as
 * metrics. Thread-safe.
 */
public final class LiveStats {

    private final LongAdder receivedChunks = new LongAdder();
    private final LongAdder receivedFrames = new LongAdder();
    private final LongAdder deliveredChunks = new LongAdder();
    private final LongAdder deliveredFrames = new LongAdder();
    private final LongAdder droppedChunks = new LongAdder();
    private final LongAdder droppedFrames = new LongAdder();
    private final LongAdder lateChunks = new LongAdder();
    private final LongAdder lateFrames = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder gapFrames = new LongAdder();
    private final LongAdder outOfOrderChunks = new LongAdder();
    private final LongAdder overruns = new LongAdder();
    private final AtomicLong maxBufferedFrames = new AtomicLong();

    /**
     * The counters at one moment (each read atomically, not all together).
     *
     * @param receivedChunks    chunks offered by the producer
     * @param receivedFrames    frames offered by the producer
     * @param deliveredChunks   chunks handed to the consumer
     * @param deliveredFrames   frames handed to the consumer
     * @param droppedChunks     chunks dropped by the overflow strategy
     * @param droppedFrames     frames dropped by the overflow strategy
     * @param lateChunks        chunks dropped because they waited longer than the latency bound
     * @param lateFrames        frames dropped because they waited longer than the latency bound
     * @param gaps              jumps forward in the stream positions (missing audio)
     * @param gapFrames         frames missing in those jumps
     * @param outOfOrderChunks  chunks dropped because they started before the expected position
     * @param overruns          capture-device overruns (the device buffer was full when read)
     * @param maxBufferedFrames the most frames ever waiting in the buffer at once
     */
    public record Counts(long receivedChunks, long receivedFrames, long deliveredChunks, long deliveredFrames,
            long droppedChunks, long droppedFrames, long lateChunks, long lateFrames, long gaps, long gapFrames,
            long outOfOrderChunks, long overruns, long maxBufferedFrames) {

        /** All zero: the counts of nothing. */
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** These counts and {@code other}'s added together (the largest buffer is the larger of the two). */
        public Counts plus(Counts other) {
            return new Counts(receivedChunks + other.receivedChunks, receivedFrames + other.receivedFrames,
                    deliveredChunks + other.deliveredChunks, deliveredFrames + other.deliveredFrames,
                    droppedChunks + other.droppedChunks, droppedFrames + other.droppedFrames,
                    lateChunks + other.lateChunks, lateFrames + other.lateFrames, gaps + other.gaps,
                    gapFrames + other.gapFrames, outOfOrderChunks + other.outOfOrderChunks, overruns + other.overruns,
                    Math.max(maxBufferedFrames, other.maxBufferedFrames));
        }

        /** Frames lost for any reason but gaps: dropped by overflow or for lateness. */
        public long lostFrames() {
            return droppedFrames + lateFrames;
        }
    }

    /** The counters now. */
    public Counts snapshot() {
        return new Counts(receivedChunks.sum(), receivedFrames.sum(), deliveredChunks.sum(), deliveredFrames.sum(),
                droppedChunks.sum(), droppedFrames.sum(), lateChunks.sum(), lateFrames.sum(), gaps.sum(),
                gapFrames.sum(), outOfOrderChunks.sum(), overruns.sum(), maxBufferedFrames.get());
    }

    void received(int frames) {
        receivedChunks.increment();
        receivedFrames.add(frames);
    }

    void delivered(int frames) {
        deliveredChunks.increment();
        deliveredFrames.add(frames);
    }

    void dropped(int frames) {
        droppedChunks.increment();
        droppedFrames.add(frames);
    }

    void late(int frames) {
        lateChunks.increment();
        lateFrames.add(frames);
    }

    void gap(long frames) {
        gaps.increment();
        gapFrames.add(frames);
    }

    void outOfOrder() {
        outOfOrderChunks.increment();
    }

    void overrun() {
        overruns.increment();
    }

    void buffered(int frames) {
        maxBufferedFrames.accumulateAndGet(frames, Math::max);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
