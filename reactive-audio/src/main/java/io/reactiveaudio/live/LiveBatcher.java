package io.reactiveaudio.live;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Batches live segments (windows made segments with {@link LiveWindow#toSegment}) as they come:
 * a batch of {@code B} segments as soon as they are there, or of fewer when {@link #maxDelay()}
 * has passed since the first segment of the batch arrived, so a slow trickle of audio still
 * reaches the consumer within that bound. Batches are {@link Batcher} batches: same layout, same
 * release rules, the segments' source indices and ordinals (stream positions) per item, epoch 0,
 * no checkpoint. All segments must have the same frames, channels and sample rate.
 *
 * <p><b>Demand and memory.</b> Segments are requested only as batches are requested downstream
 * ({@code bufferTimeout} with fair backpressure), so a consumer that stops asking stops the live
 * source's consumer too and its {@link Overflow} strategy decides. It holds at most {@code 4 B}
 * segments taken ahead (that operator's prefetch); batch buffers come from a pool of
 * {@link #poolSize()} buffers of {@code B * T * C * 4} bytes per subscription, allocated as
 * needed: it must cover every batch requested and not yet released, or the stream fails at once
 * as a {@link Batcher}'s does. The timer runs on {@link Schedulers#parallel()}.
 *
 * <p>Immutable and thread-safe; each subscription has its own pool.
 */
public final class LiveBatcher implements Function<Flux<Segment>, Flux<Batch>> {

    /** Default most time a batch waits for its last segment: 100 ms. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(100);
    /** Default buffers in the pool of each subscription. */
    public static final int DEFAULT_POOL_SIZE = 8;

    private final int batchSize;
    private final Duration maxDelay;
    private final Layout layout;
    private final int poolSize;

    private LiveBatcher(int batchSize, Duration maxDelay, Layout layout, int poolSize) {
        this.batchSize = batchSize;
        this.maxDelay = maxDelay;
        this.layout = layout;
        this.poolSize = poolSize;
    }

    /**
     * Batches of up to {@code batchSize} segments (at least 1), {@link Layout#BTC}, waiting at
     * most {@link #DEFAULT_MAX_DELAY}, with a pool of {@value #DEFAULT_POOL_SIZE} buffers.
     */
    public static LiveBatcher of(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        return new LiveBatcher(batchSize, DEFAULT_MAX_DELAY, Layout.BTC, DEFAULT_POOL_SIZE);
    }

    /** The most time a batch waits, from its first segment, before it leaves with fewer than B (positive). */
    public LiveBatcher maxDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must be positive: " + delay);
        }
        return new LiveBatcher(batchSize, delay, layout, poolSize);
    }

    /** The order of the samples in each batch. */
    public LiveBatcher layout(Layout order) {
        return new LiveBatcher(batchSize, maxDelay, Objects.requireNonNull(order, "layout"), poolSize);
    }

    /** Buffers in each subscription's pool (at least 1): the most batches outstanding at once. */
    public LiveBatcher poolSize(int buffers) {
        if (buffers < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + buffers);
        }
        return new LiveBatcher(batchSize, maxDelay, layout, buffers);
    }

    /** The most segments per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The most time a batch waits for its last segment. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The order of the samples. */
    public Layout layout() {
        return layout;
    }

    /** Buffers in each subscription's pool. */
    public int poolSize() {
        return poolSize;
    }

    @Override
    public Flux<Batch> apply(Flux<Segment> segments) {
        return Flux.defer(() -> {
            BufferPool[] pool = new BufferPool[1];
            return segments.bufferTimeout(batchSize, maxDelay, Schedulers.parallel(), true)
                    .concatMap(group -> batch(group, pool), 0);
        });
    }

    private Flux<Batch> batch(List<Segment> group, BufferPool[] pool) {
        Segment first = group.get(0);
        if (pool[0] == null) {
            pool[0] = new BufferPool(Math.multiplyExact(Math.multiplyExact(batchSize, first.frames()),
                    first.channels() * Float.BYTES), poolSize);
        }
        return Flux.fromIterable(group)
                .transform(Batcher.of(group.size()).layout(layout).dropLast(false).pool(pool[0]));
    }
}
