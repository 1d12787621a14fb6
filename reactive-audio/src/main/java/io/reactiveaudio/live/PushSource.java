package io.reactiveaudio.live;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A live source fed by the application: any thread pushes chunks of interleaved float32 samples,
 * one subscriber receives them on demand. Between the two sits a buffer of at most
 * {@link #capacityFrames()} frames whose {@link Overflow} strategy decides what happens when the
 * consumer falls behind, and an optional latency bound that drops chunks that waited too long.
 *
 * <pre>{@code
 * PushSource mic = PushSource.builder(LiveFormat.mono(16_000))
 *         .capacity(Duration.ofSeconds(2)).overflow(Overflow.DROP_OLDEST).maxLatency(Duration.ofMillis(200))
 *         .build();
 * mic.flux().transform(LiveWindows.seconds(1.0, 0.5)).subscribe(model::infer);
 * audioThread: mic.push(samples);                        // positions counted for you
 * }</pre>
 *
 * <p>Positions: {@link #push(float[])} places each chunk right after the previous one;
 * {@link #push(long, float[])} takes the producer's own position, so a jump forward leaves a hole
 * and a chunk that starts before the expected position is dropped and counted out of order. Every
 * hole in what the subscriber receives, whatever made it (the producer's jump, the overflow
 * strategy, the latency bound), is counted as a gap when the chunk after it is handed out.
 *
 * <p>Bound: the buffer holds at most {@link #capacityFrames()} frames, and the source hands out
 * only the chunks its subscriber requested. An operator may ask, through its subscriber context,
 * for chunks of at most so many frames ({@link LiveWindows} asks for one hop): a longer chunk is
 * then handed out in parts, its rest staying in the buffer, bounded and first to be dropped by
 * {@link Overflow#DROP_OLDEST}.
 *
 * <p>Thread-safe: pushes from many threads are serialised. Under {@link Overflow#BLOCK},
 * {@code push} blocks the calling thread; call it from the producer's own thread, never from a
 * Reactor scheduler (or use {@link #tryPush} and {@link #whenRoom}).
 */
public final class PushSource implements LiveSource {

    /** Default bound of the buffer: two seconds of audio. */
    public static final Duration DEFAULT_CAPACITY = Duration.ofSeconds(2);

    private final LiveFormat format;
    private final int capacityFrames;
    private final Overflow overflow;
    private final LongSupplier clock;
    private final LiveStats stats = new LiveStats();
    private final LiveQueue queue;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicInteger wip = new AtomicInteger();
    private final Object pushLock = new Object();
    private long nextPosition;
    /** The position after the last frame handed out; only the drain loop uses it. */
    private long deliveredEnd;
    private volatile int maxChunkFrames = Integer.MAX_VALUE;
    private volatile FluxSink<LiveChunk> sink;
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile boolean cancelled;

    private PushSource(Builder b) {
        this.format = b.format;
        this.capacityFrames = b.capacityFrames;
        this.overflow = b.overflow;
        this.clock = b.clock;
        this.queue = new LiveQueue(capacityFrames, overflow, b.maxLatencyNanos, stats);
    }

    /** A builder for a source of {@code format}: 2 s buffer, {@link Overflow#BLOCK}, no latency bound. */
    public static Builder builder(LiveFormat format) {
        return new Builder(format);
    }

    @Override
    public LiveFormat format() {
        return format;
    }

    @Override
    public LiveStats stats() {
        return stats;
    }

    /** The buffer bound, in frames. */
    public int capacityFrames() {
        return capacityFrames;
    }

    /** The overflow strategy. */
    public Overflow overflow() {
        return overflow;
    }

    /**
     * Pushes interleaved samples that follow the previous chunk. Under {@link Overflow#BLOCK} waits
     * for room.
     *
     * @throws LiveOverflowException under {@link Overflow#ERROR} when the buffer is full
     * @throws IllegalStateException if the source completed, failed or was cancelled
     */
    public void push(float[] samples) {
        synchronized (pushLock) {
            push(nextPosition, samples);
        }
    }

    /**
     * Pushes interleaved samples whose first frame is at stream position {@code position}. Under
     * {@link Overflow#BLOCK} waits for room.
     *
     * @throws LiveOverflowException under {@link Overflow#ERROR} when the buffer is full
     * @throws IllegalStateException if the source completed, failed or was cancelled
     */
    public void push(long position, float[] samples) {
        LiveChunk chunk = chunk(position, samples);
        synchronized (pushLock) {
            if (!admit(chunk)) {
                return;
            }
            try {
                while (queue.offer(chunk) == LiveQueue.Offer.FULL) {
                    if (!queue.awaitRoom(chunk.frames())) {
                        throw terminated();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for room in the live buffer", e);
            } catch (LiveOverflowException e) {
                fail(e);
                throw e;
            }
            nextPosition = chunk.end();
        }
        drain();
    }

    /**
     * Pushes {@code samples} after the previous chunk if they fit now; returns false (nothing pushed,
     * nothing counted) when the buffer is full under {@link Overflow#BLOCK}. Never blocks.
     *
     * @throws LiveOverflowException under {@link Overflow#ERROR} when the buffer is full
     * @throws IllegalStateException if the source completed, failed or was cancelled
     */
    public boolean tryPush(float[] samples) {
        synchronized (pushLock) {
            return tryPush(nextPosition, samples);
        }
    }

    /**
     * Pushes interleaved samples whose first frame is at stream position {@code position} if they
     * fit now; returns false (nothing pushed, nothing counted) when the buffer is full under
     * {@link Overflow#BLOCK}. Positions as in {@link #push(long, float[])}: a chunk that starts before
     * the expected position is counted out of order and dropped (true is returned: it was taken).
     * Never blocks, so a producer that must not block (a Kafka consumer's poll loop) can pause its
     * input instead and wait with {@link #whenRoom}.
     *
     * @throws LiveOverflowException under {@link Overflow#ERROR} when the buffer is full
     * @throws IllegalStateException if the source completed, failed or was cancelled
     */
    public boolean tryPush(long position, float[] samples) {
        synchronized (pushLock) {
            LiveChunk chunk = chunk(position, samples);
            if (terminal()) {
                throw terminated();
            }
            if (chunk.position() < nextPosition) {
                stats.received(chunk.frames());
                stats.outOfOrder(chunk.frames());
                return true;
            }
            LiveQueue.Offer offer;
            try {
                offer = queue.offer(chunk);
            } catch (LiveOverflowException e) {
                stats.received(chunk.frames());
                fail(e);
                throw e;
            }
            if (offer == LiveQueue.Offer.FULL) {
                return false;
            }
            stats.received(chunk.frames());
            nextPosition = chunk.end();
        }
        drain();
        return true;
    }

    /**
     * Runs {@code callback} once when a chunk of {@code frames} frames fits in the buffer: at once if
     * it does, else on the consumer's thread when it has taken enough (or when the source ends).
     * With {@link #tryPush} this lets an asynchronous producer (a socket) pause instead of blocking
     * a thread.
     */
    public void whenRoom(int frames, Runnable callback) {
        queue.whenRoom(frames, Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Counts {@code bytes} the producer received for this stream but could not make whole frames
     * of (a connection that ended within a frame, bytes not yet converted when the consumer
     * cancelled): {@link LiveStats.Counts#ignoredBytes()}. Thread-safe.
     */
    public void ignore(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        stats.ignored(bytes);
    }

    /** Ends the stream: the subscriber receives what is buffered, then completion. */
    public void complete() {
        done = true;
        drain();
    }

    /** Ends the stream with {@code error} after what is buffered. */
    public void fail(Throwable error) {
        failure = Objects.requireNonNull(error, "error");
        done = true;
        drain();
    }

    @Override
    public Flux<LiveChunk> flux() {
        return Flux.create(s -> {
            if (!subscribed.compareAndSet(false, true)) {
                s.error(new IllegalStateException("a live source has one subscriber"));
                return;
            }
            maxChunkFrames = ChunkLimit.in(s.contextView(), format);
            s.onRequest(n -> drain());
            s.onCancel(() -> {
                cancelled = true;
                queue.close();
            });
            sink = s;
            drain();
        }, FluxSink.OverflowStrategy.ERROR);
    }

    private LiveChunk chunk(long position, float[] samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.length == 0 || samples.length % format.channels() != 0) {
            throw new IllegalArgumentException("a chunk holds whole frames of " + format.channels()
                    + " channels, at least one: " + samples.length + " samples");
        }
        int frames = samples.length / format.channels();
        if (frames > capacityFrames) {
            throw new IllegalArgumentException("a chunk of " + frames + " frames exceeds the live buffer bound of "
                    + capacityFrames + " frames");
        }
        return new LiveChunk(samples, frames, position, clock.getAsLong(), format);
    }

    /** Counts the chunk; false (counted out of order) if it starts before the expected position. */
    private boolean admit(LiveChunk chunk) {
        if (terminal()) {
            throw terminated();
        }
        stats.received(chunk.frames());
        if (chunk.position() < nextPosition) {
            stats.outOfOrder(chunk.frames());
            return false;
        }
        return true;
    }

    private boolean terminal() {
        return done || cancelled;
    }

    private IllegalStateException terminated() {
        return new IllegalStateException(cancelled ? "the live source was cancelled by its subscriber"
                : "the live source has ended");
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            FluxSink<LiveChunk> s = sink;
            if (s != null && !cancelled) {
                Throwable error = failure;
                if (error instanceof LiveOverflowException) {
                    queue.close();
                    s.error(error);
                    return;
                }
                long requested = s.requestedFromDownstream();
                while (requested > 0) {
                    LiveChunk chunk = queue.poll(clock.getAsLong(), maxChunkFrames);
                    if (chunk == null) {
                        break;
                    }
                    if (chunk.position() > deliveredEnd) {
                        stats.gap(chunk.position() - deliveredEnd);
                    }
                    deliveredEnd = chunk.end();
                    stats.delivered(chunk.frames());
                    s.next(chunk);
                    requested--;
                }
                if (done && queue.isEmpty()) {
                    queue.close();
                    if (error != null) {
                        s.error(error);
                    } else {
                        s.complete();
                    }
                    return;
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * Settings of a {@link PushSource}. Immutable: every setter returns a new builder, so one
     * builder may serve as the base of many sources; thread-safe.
     */
    public static final class Builder implements Cloneable {

        private final LiveFormat format;
        private int capacityFrames;
        private Overflow overflow = Overflow.BLOCK;
        private long maxLatencyNanos = Long.MAX_VALUE;
        private LongSupplier clock = System::nanoTime;

        private Builder(LiveFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            this.capacityFrames = (int) format.frames(DEFAULT_CAPACITY.toNanos() / 1e9);
        }

        /** The buffer bound, in frames (at least 1). */
        public Builder capacityFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("capacityFrames must be at least 1: " + frames);
            }
            Builder next = copy();
            next.capacityFrames = frames;
            return next;
        }

        /** The buffer bound as a duration of audio, rounded to the nearest frame (at least 1). */
        public Builder capacity(Duration audio) {
            Objects.requireNonNull(audio, "audio");
            if (audio.isNegative()) {
                throw new IllegalArgumentException("capacity must not be negative: " + audio);
            }
            long frames = format.frames(audio.toNanos() / 1e9);
            if (frames < 1 || frames > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("capacity must span 1.." + Integer.MAX_VALUE + " frames at "
                        + format.sampleRate() + " Hz: " + audio + " spans " + frames);
            }
            return capacityFrames((int) frames);
        }

        /** What to do when the buffer is full (default {@link Overflow#BLOCK}). */
        public Builder overflow(Overflow strategy) {
            Objects.requireNonNull(strategy, "strategy");
            Builder next = copy();
            next.overflow = strategy;
            return next;
        }

        /** Drop chunks that waited in the buffer longer than {@code latency} (counted as late); no bound by default. */
        public Builder maxLatency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("maxLatency must not be negative: " + latency);
            }
            Builder next = copy();
            next.maxLatencyNanos = latency.toNanos();
            return next;
        }

        /** The clock of arrival times, in nanoseconds (default {@link System#nanoTime}; tests give a virtual one). */
        public Builder clock(LongSupplier nanos) {
            Objects.requireNonNull(nanos, "nanos");
            Builder next = copy();
            next.clock = nanos;
            return next;
        }

        /** A new source with these settings. */
        public PushSource build() {
            return new PushSource(this);
        }

        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
