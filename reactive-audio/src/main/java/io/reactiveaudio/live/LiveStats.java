package io.reactiveaudio.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one live stream: what was received, delivered, dropped by the overflow strategy,
 * dropped for lateness or for going back in position, the holes (gaps) in what was handed out,
 * bytes the producer could not make whole frames of, overruns of a capture device, and how much
 * waits in the buffer. A consumer reads them at any time with {@link #snapshot()}; the network
 * server exports them as metrics, per stream and summed. Thread-safe.
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
    private final LongAdder outOfOrderFrames = new LongAdder();
    private final LongAdder overruns = new LongAdder();
    private final LongAdder ignoredBytes = new LongAdder();
    private final AtomicLong bufferedFrames = new AtomicLong();
    private final AtomicLong maxBufferedFrames = new AtomicLong();

    /**
     * The counters at one moment (each read atomically, not all together). Every frame received
     * is, at any moment, delivered, dropped, late, out of order or buffered:
     * {@code receivedFrames = deliveredFrames + lostFrames() + bufferedFrames}.
     *
     * @param receivedChunks    chunks offered by the producer
     * @param receivedFrames    frames offered by the producer
     * @param deliveredChunks   chunks handed to the consumer (a chunk the consumer asked to be cut
     *                          smaller counts once per part)
     * @param deliveredFrames   frames handed to the consumer
     * @param droppedChunks     chunks (or the undelivered rest of one) dropped by the overflow strategy,
     *                          or when the consumer cancelled
     * @param droppedFrames     frames dropped by the overflow strategy, or when the consumer cancelled
     * @param lateChunks        chunks dropped because they waited longer than the latency bound
     * @param lateFrames        frames dropped because they waited longer than the latency bound
     * @param gaps              holes in the stream handed to the consumer, whatever their cause: a
     *                          jump forward in the producer's positions (audio it never had), frames
     *                          dropped by the overflow strategy or for lateness; counted when the
     *                          chunk after the hole is handed out
     * @param gapFrames         frames missing in those holes (dropped or late frames in a hole are
     *                          counted there too)
     * @param outOfOrderChunks  chunks dropped because they started before the expected position
     * @param outOfOrderFrames  frames of those chunks
     * @param overruns          capture-device overruns (the device buffer was full when read)
     * @param ignoredBytes      bytes the producer received but could not make whole frames of: the
     *                          end of a connection that stopped within a frame, or bytes still
     *                          unconverted when the consumer cancelled
     * @param bufferedFrames    frames waiting in the buffer now
     * @param maxBufferedFrames the most frames ever waiting in the buffer at once
     */
    public record Counts(long receivedChunks, long receivedFrames, long deliveredChunks, long deliveredFrames,
            long droppedChunks, long droppedFrames, long lateChunks, long lateFrames, long gaps, long gapFrames,
            long outOfOrderChunks, long outOfOrderFrames, long overruns, long ignoredBytes, long bufferedFrames,
            long maxBufferedFrames) {

        /** All zero: the counts of nothing. */
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /**
         * These counts and {@code other}'s added together (frames buffered now add up; the largest
         * buffer is the larger of the two).
         */
        public Counts plus(Counts other) {
            return new Counts(receivedChunks + other.receivedChunks, receivedFrames + other.receivedFrames,
                    deliveredChunks + other.deliveredChunks, deliveredFrames + other.deliveredFrames,
                    droppedChunks + other.droppedChunks, droppedFrames + other.droppedFrames,
                    lateChunks + other.lateChunks, lateFrames + other.lateFrames, gaps + other.gaps,
                    gapFrames + other.gapFrames, outOfOrderChunks + other.outOfOrderChunks,
                    outOfOrderFrames + other.outOfOrderFrames, overruns + other.overruns,
                    ignoredBytes + other.ignoredBytes, bufferedFrames + other.bufferedFrames,
                    Math.max(maxBufferedFrames, other.maxBufferedFrames));
        }

        /** Frames received and then lost: dropped by overflow, for lateness or for going back in position. */
        public long lostFrames() {
            return droppedFrames + lateFrames + outOfOrderFrames;
        }
    }

    /** The counters now. */
    public Counts snapshot() {
        return new Counts(receivedChunks.sum(), receivedFrames.sum(), deliveredChunks.sum(), deliveredFrames.sum(),
                droppedChunks.sum(), droppedFrames.sum(), lateChunks.sum(), lateFrames.sum(), gaps.sum(),
                gapFrames.sum(), outOfOrderChunks.sum(), outOfOrderFrames.sum(), overruns.sum(), ignoredBytes.sum(),
                bufferedFrames.get(), maxBufferedFrames.get());
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

    void outOfOrder(int frames) {
        outOfOrderChunks.increment();
        outOfOrderFrames.add(frames);
    }

    void overrun() {
        overruns.increment();
    }

    void ignored(long bytes) {
        ignoredBytes.add(bytes);
    }

    void buffered(int frames) {
        bufferedFrames.set(frames);
        maxBufferedFrames.accumulateAndGet(frames, Math::max);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
