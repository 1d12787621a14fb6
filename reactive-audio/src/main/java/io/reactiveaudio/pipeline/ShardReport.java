package io.reactiveaudio.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the shards of an {@link AudioPipeline} delivered, epoch by epoch: the segments of each
 * rank's share, the repeated items that filled its last batches, and the segments that could not
 * be delivered because a file gave more than its header promised (see
 * {@link AudioPipeline#shard}). One {@link Epoch} is recorded when a sharded epoch's batches have
 * all been made; a pipeline with one rank records nothing.
 *
 * <p>Counts are exact. The epochs themselves are kept up to {@link #MAX_KEPT_EPOCHS} (the first
 * ones); beyond that only counted. An optional listener hears each epoch when it is recorded, on
 * the thread delivering the stream (keep it short and non-blocking). Several pipelines (the
 * connections of a server, say) may share one report. Thread-safe.
 */
public final class ShardReport {

    /** How many epochs are kept for {@link #epochs()}. */
    public static final int MAX_KEPT_EPOCHS = 10_000;

    /**
     * One rank's account of one epoch.
     *
     * @param epoch the epoch, from 0
     * @param rank the rank
     * @param worldSize the ranks sharing the epoch
     * @param epochSegments the segments of the whole epoch, counted from the files' headers (N)
     * @param plannedSegments this rank's share of them, from the headers: {@code N / worldSize}
     *     rounded down or up
     * @param batches the batches every rank delivers in the epoch
     * @param segments the segments of its share the rank delivered, each once (its own items)
     * @param padding the items it delivered again to fill its last batches
     * @param dropped the segments of its share it could not deliver because its batches were full:
     *     files gave more segments than their headers promised; 0 unless headers were wrong
     */
    public record Epoch(long epoch, int rank, int worldSize, long epochSegments, long plannedSegments, long batches,
                        long segments, long padding, long dropped) {
    }

    private final List<Epoch> kept = new ArrayList<>();
    private final AtomicLong epochs = new AtomicLong();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong padding = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<Epoch> listener;

    /** A report without a listener. */
    public ShardReport() {
        this(epoch -> { });
    }

    /** A report that also passes each epoch to {@code listener} when it is recorded. */
    public ShardReport(Consumer<Epoch> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    void record(Epoch epoch) {
        epochs.incrementAndGet();
        segments.addAndGet(epoch.segments());
        padding.addAndGet(epoch.padding());
        dropped.addAndGet(epoch.dropped());
        synchronized (kept) {
            if (kept.size() < MAX_KEPT_EPOCHS) {
                kept.add(epoch);
            }
        }
        listener.accept(epoch);
    }

    /** The epochs recorded, in the order they ended, up to {@link #MAX_KEPT_EPOCHS}; a copy. */
    public List<Epoch> epochs() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** Epochs recorded, including those not kept. */
    public long epochCount() {
        return epochs.get();
    }

    /** Segments delivered as their ranks' own items, over all epochs recorded. */
    public long segments() {
        return segments.get();
    }

    /** Items delivered again to fill last batches, over all epochs recorded. */
    public long padding() {
        return padding.get();
    }

    /** Segments not delivered because their rank's batches were full, over all epochs recorded. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public String toString() {
        return "ShardReport{" + epochs.get() + " epochs, " + segments.get() + " segments, " + padding.get()
                + " padding, " + dropped.get() + " dropped}";
    }
}
