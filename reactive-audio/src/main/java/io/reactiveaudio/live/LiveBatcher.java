package io.reactiveaudio.live;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Batches live windows (of one stream or of many, each window numbered with
 * {@link LiveWindow#inStream}) as they come: a batch of {@code B} windows as soon as they are
 * there, or of fewer when {@link #maxDelay()} has passed since the first window of the batch
 * arrived, so a slow trickle of audio still reaches the consumer within that bound. Batches are
 * {@link Batcher} batches: same layout, same release rules, epoch 0, no checkpoint; item b carries
 * its window's stream number as its source index, its stream position in frames as its ordinal,
 * and the arrival time of the chunk that completed it ({@link Batch#arrivalNanos()}). All windows
 * must have the same frames, channels and sample rate.
 *
 * <p><b>Demand and memory.</b> Exact: windows are requested one at a time, only while a batch is
 * asked for and not full, so a consumer that stops asking stops the live source's consumer too and
 * its {@link Overflow} strategy decides; with no batch asked for, at most one window (asked for
 * before a partial batch left on its delay) waits here, and a consumer that resumes after a stall
 * gets windows cut after it. Batch buffers come from a pool of {@link #poolSize()} buffers of
 * {@code B * T * C * 4} bytes per subscription, allocated as needed: it must cover every batch
 * requested and not yet released, or the stream fails at once as a {@link Batcher}'s does. The
 * timer runs on {@link Schedulers#parallel()}; a batch is made on the thread that completes it (the
 * one delivering its last window, asking for it, or firing its timer).
 *
 * <p><b>End, errors, cancellation.</b> When the windows end or fail, the windows taken leave in a
 * last batch (when asked for), then the completion or the error. Cancelling drops the windows
 * taken (they hold no pooled buffer).
 *
 * <p>Immutable and thread-safe; each subscription has its own pool.
 */
public final class LiveBatcher implements Function<Flux<LiveWindow>, Flux<Batch>> {

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
     * Batches of up to {@code batchSize} windows (at least 1), {@link Layout#BTC}, waiting at
     * most {@link #DEFAULT_MAX_DELAY}, with a pool of {@value #DEFAULT_POOL_SIZE} buffers.
     */
    public static LiveBatcher of(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        return new LiveBatcher(batchSize, DEFAULT_MAX_DELAY, Layout.BTC, DEFAULT_POOL_SIZE);
    }

    /** The most time a batch waits, from its first window, before it leaves with fewer than B (positive). */
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

    /** The most windows per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The most time a batch waits for its last window. */
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
    public Flux<Batch> apply(Flux<LiveWindow> windows) {
        return Flux.defer(() -> {
            BufferPool[] pool = new BufferPool[1];
            return OnDemand.groups(windows, batchSize, maxDelay, Schedulers.parallel())
                    .map(group -> batch(group, pool));
        });
    }

    /**
     * The batch of {@code group}, made here: a {@link Batcher} over a list runs on the subscribing
     * thread, so it has made its one batch, or failed, when {@code subscribe} returns.
     */
    private Batch batch(List<LiveWindow> group, BufferPool[] pool) {
        LiveWindow first = group.get(0);
        if (pool[0] == null) {
            pool[0] = new BufferPool(Math.multiplyExact(Math.multiplyExact(batchSize, first.frames()),
                    first.format().channels() * Float.BYTES), poolSize);
        }
        List<Batch> made = new ArrayList<>(1);
        List<Throwable> failed = new ArrayList<>(1);
        Flux.fromIterable(group).map(LiveWindow::toSegment)
                .transform(Batcher.of(group.size()).layout(layout).dropLast(false).pool(pool[0]))
                .subscribe(made::add, failed::add);
        if (!failed.isEmpty()) {
            throw Exceptions.propagate(failed.get(0));
        }
        if (made.size() != 1) {
            made.forEach(Batch::release);
            throw new IllegalStateException("a Batcher made " + made.size() + " batches of " + group.size()
                    + " windows, not one, before returning");
        }
        Batch batch = made.get(0);
        batch.stampArrivalNanos(group.stream().mapToLong(LiveWindow::arrivalNanos).toArray());
        return batch;
    }
}
