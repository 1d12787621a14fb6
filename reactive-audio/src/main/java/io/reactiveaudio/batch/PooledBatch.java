package io.reactiveaudio.batch;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every batch of B items in one pooled buffer of little-endian float32 values has: each
 * item's label, length, source index, segment ordinal, metadata and the augmentations applied to it, which
 * of its last items are padding (repeats), the batch's epoch and checkpoint, and the buffer,
 * released to its {@link BufferPool} once. The audio
 * {@link Batch} and the features operator's {@code FeatureBatch} are the two kinds; each states its
 * {@link #shape()} and what its values are.
 *
 * <p><b>Release.</b> The buffer is borrowed from a {@link BufferPool}; whoever holds the batch
 * last releases it: the consumer after use ({@link #release()}, or {@link #close()} in a
 * try-with-resources), a network writer once the write completes, a discard hook
 * ({@code doOnDiscard(Batch.class, Batch::release)}) when an operator drops it. Release is
 * idempotent: the first call returns the buffer to the pool, later calls do nothing, so a
 * consumer and a discard hook may both release. After release, {@link #bytes()} (and the float
 * views built on it) fail, because the buffer may already hold another batch; views taken before
 * must not be read any more. The per-item arrays are plain copies and stay valid.
 *
 * <p>Thread-safe: it may be read from several threads and released from any thread.
 */
public abstract class PooledBatch implements AutoCloseable {

    private final BufferPool pool;
    private final ByteBuffer buffer;
    private final int sampleRate;
    private final int[] labels;
    private final int[] lengths;
    private final long[] sourceIndices;
    private final long[] ordinals;
    private final Checkpoint checkpoint;
    private final long epoch;
    private final List<List<Applied>> augmentations;
    private final int padding;
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * Takes ownership of {@code buffer} (filled, from {@code pool}) and of the arrays, one entry per
     * item; {@code checkpoint} may be null; the last {@code padding} items are repeats. For the
     * batch kinds of this library.
     *
     * @throws IllegalArgumentException if {@code padding} is negative or more than the items
     */
    protected PooledBatch(BufferPool pool, ByteBuffer buffer, int sampleRate, int[] labels, int[] lengths,
                          long[] sourceIndices, long[] ordinals, Checkpoint checkpoint, long epoch,
                          List<List<Applied>> augmentations, int padding) {
        if (padding < 0 || padding > labels.length) {
            throw new IllegalArgumentException("padding must be between 0 and the " + labels.length + " items: "
                    + padding);
        }
        this.pool = pool;
        this.buffer = buffer;
        this.sampleRate = sampleRate;
        this.labels = labels;
        this.lengths = lengths;
        this.sourceIndices = sourceIndices;
        this.ordinals = ordinals;
        this.checkpoint = checkpoint;
        this.epoch = epoch;
        this.augmentations = List.copyOf(augmentations);
        this.padding = padding;
    }

    /** The dimensions of the values, outermost first; the first is the number of items B. */
    public abstract int[] shape();

    /** The number of items B; fewer than the batcher's batch size only for a last partial batch. */
    public final int size() {
        return labels.length;
    }

    /** Sample rate of every item's audio, in Hz. */
    public final int sampleRate() {
        return sampleRate;
    }

    /** Size of the values in bytes: the product of the {@link #shape()} times 4. */
    public final int byteSize() {
        int bytes = Float.BYTES;
        for (int dimension : shape()) {
            bytes *= dimension;
        }
        return bytes;
    }

    /** Each item's class number, -1 for an unlabelled item; a copy. */
    public final int[] labels() {
        return labels.clone();
    }

    /**
     * Each item's valid audio frames (samples per channel) from its start; the batch's T for every
     * fixed-length segment. A copy.
     */
    public final int[] lengths() {
        return lengths.clone();
    }

    /** Each item's source index ({@code AudioSource.index}); a copy. */
    public final long[] sourceIndices() {
        return sourceIndices.clone();
    }

    /** Each item's ordinal among the segments of its source; a copy. */
    public final long[] ordinals() {
        return ordinals.clone();
    }

    /**
     * How many of the last items repeat items delivered before, to fill the batch: a sharded
     * pipeline's ranks pad their last batch so that all give the same number of batches
     * ({@code AudioPipeline.shard}). Items {@code size() - padding()} to {@code size() - 1} are the
     * repeats; 0 for most batches. Train on them (every rank must take the same steps) but leave
     * them out of anything that must count each item once, such as evaluation metrics.
     */
    public final int padding() {
        return padding;
    }

    /**
     * Whether item {@code item} (0-based) is padding: one of the last {@link #padding()} items.
     *
     * @throws IndexOutOfBoundsException if {@code item} is not in {@code 0..size()-1}
     */
    public final boolean isPadding(int item) {
        Objects.checkIndex(item, size());
        return item >= size() - padding;
    }

    /**
     * The epoch the batch belongs to (from 0); outside a pipeline, 0 unless set with
     * {@link Batcher#epoch}. A feature batch has its audio batch's.
     */
    public final long epoch() {
        return epoch;
    }

    /**
     * What was applied to each item, in the order applied: one (possibly empty) list per item, item
     * b's at index b; for a feature batch, the audio batch's augmentations followed by the features
     * operator's SpecAugment masks. Each {@link Applied} names the transform and the parameters it
     * drew, so the change can be logged or redone. Immutable; valid after release.
     */
    public final List<List<Applied>> augmentations() {
        return augmentations;
    }

    /**
     * Where the pipeline stood right after this batch, when it was made by a pipeline that records
     * checkpoints ({@code AudioPipeline}); resuming from it yields the batches that follow this one.
     */
    public final Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * A read-only little-endian view of the bytes, position 0, limit {@link #byteSize()}: for
     * writers that copy nothing (sockets, files, native code). Each call gives a new view of the
     * same memory, so writers never disturb each other's position.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public final ByteBuffer bytes() {
        if (released.get()) {
            throw new IllegalStateException("batch released, its buffer may hold another batch: " + this);
        }
        return buffer.slice(0, byteSize()).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Returns the buffer to its pool, once.
     *
     * @return true if this call released it, false if it was already released
     */
    public final boolean release() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        pool.release(buffer);
        return true;
    }

    /** Whether {@link #release()} has been called. */
    public final boolean isReleased() {
        return released.get();
    }

    /** Same as {@link #release()}. */
    @Override
    public final void close() {
        release();
    }

    /** Each item's arrival time, for a batch of live windows; set once, before the batch is handed on. */
    private volatile long[] arrivalNanos;

    /**
     * Each item's arrival time, in nanoseconds of its live source's clock ({@link System#nanoTime()}
     * unless the source was given another): for a batch of live windows, when the chunk that
     * completed item b's window arrived; empty for a batch of files. A feature batch has its audio
     * batch's. A copy; valid after release.
     */
    public final Optional<long[]> arrivalNanos() {
        long[] times = arrivalNanos;
        return times == null ? Optional.empty() : Optional.of(times.clone());
    }

    /**
     * Records each item's arrival time ({@link #arrivalNanos()}), once, before the batch is handed
     * on: for the makers of live batches ({@code live.LiveBatcher}, the features stage copying its
     * audio batch's). Not for concurrent use with readers that have the batch already.
     *
     * @throws IllegalArgumentException if there is not one time per item
     * @throws IllegalStateException if the times were already recorded
     */
    public final void stampArrivalNanos(long[] nanos) {
        if (nanos.length != size()) {
            throw new IllegalArgumentException(nanos.length + " arrival times for " + size() + " items");
        }
        synchronized (this) {
            if (arrivalNanos != null) {
                throw new IllegalStateException("arrival times already recorded: " + this);
            }
            arrivalNanos = nanos.clone();
        }
    }

    /** Each item's metadata text, for a batch with any; set once, before the batch is handed on. */
    private volatile List<String> metadata;

    /**
     * Each item's metadata, in item order: the whole text of a shard sample's {@code .json} member
     * ({@code Sources.shards}), the empty string for an item without one (and for every item of a
     * batch of files). A feature batch has its audio batch's. Valid after release.
     */
    public final List<String> metadata() {
        List<String> texts = metadata;
        return texts == null ? Collections.nCopies(size(), "") : texts;
    }

    /**
     * Records each item's metadata ({@link #metadata()}), once, before the batch is handed on: for
     * the batcher and the features stage copying its audio batch's. Not for concurrent use with
     * readers that have the batch already.
     *
     * @throws IllegalArgumentException if there is not one text per item, or one is null
     * @throws IllegalStateException if the metadata was already recorded
     */
    public final void stampMetadata(List<String> texts) {
        if (texts.size() != size()) {
            throw new IllegalArgumentException(texts.size() + " metadata texts for " + size() + " items");
        }
        List<String> copy = List.copyOf(texts);
        synchronized (this) {
            if (metadata != null) {
                throw new IllegalStateException("metadata already recorded: " + this);
            }
            metadata = copy;
        }
    }

    /**
     * {@code B * width} bytes in {@code (B, width)} order, item b's position i at
     * {@code b * width + i}: 1 for one of its first {@code valid[b]} positions, 0 after them.
     */
    protected static byte[] prefixMask(int[] valid, int width) {
        byte[] mask = new byte[valid.length * width];
        for (int b = 0; b < valid.length; b++) {
            Arrays.fill(mask, b * width, b * width + valid[b], (byte) 1);
        }
        return mask;
    }

    /** The kind, shape, layout and sample rate, padding and whether released, for messages. */
    protected final String describe(Object layout) {
        return getClass().getSimpleName() + Arrays.toString(shape()) + " " + layout + ", " + sampleRate + " Hz"
                + (padding > 0 ? ", " + padding + " padding" : "") + (isReleased() ? ", released" : "");
    }
}
