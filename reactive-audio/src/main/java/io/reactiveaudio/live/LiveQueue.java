package io.reactiveaudio.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bounded buffer between a live producer and its consumer: at most {@code capacityFrames} frames
 * wait, the {@link Overflow} strategy decides what happens to a chunk that does not fit, and chunks
 * that waited longer than the latency bound are dropped when polled. A poll may take only the first
 * frames of the oldest chunk; the rest stays buffered (bounded, and dropped first by
 * {@link Overflow#DROP_OLDEST}). Thread-safe (one monitor).
 */
final class LiveQueue {

    /** The outcome of an offer. */
    enum Offer { ACCEPTED, FULL }

    private final ArrayDeque<LiveChunk> chunks = new ArrayDeque<>();
    private final List<RoomCallback> roomCallbacks = new ArrayList<>();
    private final int capacityFrames;
    private final Overflow overflow;
    private final long maxLatencyNanos;
    private final LiveStats stats;
    /** Frames of the oldest chunk already handed out. */
    private int headOffset;
    private int bufferedFrames;
    private boolean closed;

    LiveQueue(int capacityFrames, Overflow overflow, long maxLatencyNanos, LiveStats stats) {
        this.capacityFrames = capacityFrames;
        this.overflow = overflow;
        this.maxLatencyNanos = maxLatencyNanos;
        this.stats = stats;
    }

    /**
     * Adds {@code chunk}, applying the overflow strategy when it does not fit: {@link Offer#FULL}
     * only under {@link Overflow#BLOCK} (nothing added, the caller waits), an exception under
     * {@link Overflow#ERROR}; every other strategy accepts and counts what it dropped.
     */
    synchronized Offer offer(LiveChunk chunk) {
        if (closed) {
            return Offer.ACCEPTED;
        }
        int frames = chunk.frames();
        if (overflow == Overflow.LATEST) {
            while (!chunks.isEmpty()) {
                dropOldest();
            }
        } else if (bufferedFrames + frames > capacityFrames) {
            switch (overflow) {
                case BLOCK -> {
                    return Offer.FULL;
                }
                case DROP_NEWEST -> {
                    stats.dropped(frames);
                    return Offer.ACCEPTED;
                }
                case DROP_OLDEST -> {
                    while (bufferedFrames + frames > capacityFrames) {
                        dropOldest();
                    }
                }
                case ERROR -> throw new LiveOverflowException(chunk.position(), bufferedFrames, capacityFrames, frames);
                default -> throw new IllegalStateException(overflow.name());
            }
        }
        chunks.addLast(chunk);
        bufferedFrames += frames;
        stats.buffered(bufferedFrames);
        return Offer.ACCEPTED;
    }

    /**
     * At most {@code maxFrames} frames (at least 1) from the start of the oldest chunk that has not
     * waited longer than the latency bound at {@code nowNanos}, or null; older chunks are dropped and
     * counted as late. The chunk itself when it fits, else a copy of its first frames (same arrival
     * time), its rest staying first in the buffer.
     */
    LiveChunk poll(long nowNanos, int maxFrames) {
        List<Runnable> ready;
        LiveChunk taken = null;
        synchronized (this) {
            LiveChunk head = chunks.peekFirst();
            while (head != null && nowNanos - head.arrivalNanos() > maxLatencyNanos) {
                stats.late(removeOldest());
                head = chunks.peekFirst();
            }
            if (head != null) {
                int rest = head.frames() - headOffset;
                if (headOffset == 0 && rest <= maxFrames) {
                    taken = head;
                } else {
                    taken = part(head, headOffset, Math.min(rest, maxFrames));
                }
                headOffset += taken.frames();
                bufferedFrames -= taken.frames();
                if (headOffset == head.frames()) {
                    chunks.pollFirst();
                    headOffset = 0;
                }
                stats.buffered(bufferedFrames);
            }
            ready = takeRoomCallbacks();
            notifyAll();
        }
        ready.forEach(Runnable::run);
        return taken;
    }

    /** Frames {@code [from, from + frames)} of {@code chunk} as a chunk of their own. */
    private static LiveChunk part(LiveChunk chunk, int from, int frames) {
        int channels = chunk.format().channels();
        float[] samples = Arrays.copyOfRange(chunk.samples(), from * channels, (from + frames) * channels);
        return new LiveChunk(samples, frames, chunk.position() + from, chunk.arrivalNanos(), chunk.format());
    }

    /** Blocks until a chunk of {@code frames} frames fits or the queue is closed; false if closed. */
    synchronized boolean awaitRoom(int frames) throws InterruptedException {
        while (!closed && bufferedFrames + frames > capacityFrames) {
            wait();
        }
        return !closed;
    }

    /** A callback waiting for room for {@code frames} frames. */
    private record RoomCallback(int frames, Runnable callback) {
    }

    /**
     * Runs {@code callback} once when {@code frames} more frames fit: at once on this thread if they
     * do (or the queue is closed), else on the thread that makes the room.
     */
    void whenRoom(int frames, Runnable callback) {
        synchronized (this) {
            if (!closed && bufferedFrames + frames > capacityFrames) {
                roomCallbacks.add(new RoomCallback(frames, callback));
                return;
            }
        }
        callback.run();
    }

    synchronized boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Drops everything buffered (counted as dropped), wakes waiting producers, accepts no more. */
    void close() {
        List<Runnable> ready;
        synchronized (this) {
            closed = true;
            while (!chunks.isEmpty()) {
                dropOldest();
            }
            ready = takeRoomCallbacks();
            notifyAll();
        }
        ready.forEach(Runnable::run);
    }

    /** Drops the oldest chunk, or what is left of it, and counts it. */
    private void dropOldest() {
        stats.dropped(removeOldest());
    }

    /** Removes the oldest chunk (what is left of it) from the buffer; returns its frames. */
    private int removeOldest() {
        int frames = chunks.pollFirst().frames() - headOffset;
        headOffset = 0;
        bufferedFrames -= frames;
        stats.buffered(bufferedFrames);
        return frames;
    }

    private List<Runnable> takeRoomCallbacks() {
        if (roomCallbacks.isEmpty()) {
            return List.of();
        }
        List<Runnable> ready = new ArrayList<>(1);
        roomCallbacks.removeIf(waiting -> {
            boolean fits = closed || bufferedFrames + waiting.frames() <= capacityFrames;
            if (fits) {
                ready.add(waiting.callback());
            }
            return fits;
        });
        return ready;
    }
}
