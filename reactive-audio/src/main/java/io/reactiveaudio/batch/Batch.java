package io.reactiveaudio.batch;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * B segments of audio in one contiguous buffer of little-endian float32 samples, shaped
 * {@code (B, T, C)} or {@code (B, C, T)} by its {@link Layout}, with each item's label, length,
 * source index, segment ordinal and the augmentations applied to it. Made by {@link Batcher}, or
 * from samples written elsewhere by {@link #wrap}.
 * In a batch padded to its longest item ({@link Batcher#padToLongest}), an item's frames past its
 * {@link #lengths() length} are zeros, and {@link #mask()} tells them apart.
 *
 * <p><b>Release.</b> The buffer is borrowed from a {@link BufferPool}; whoever holds the batch
 * last releases it: the consumer after use ({@link #release()}, or {@link #close()} in a
 * try-with-resources), a network writer once the write completes, a discard hook
 * ({@code doOnDiscard(Batch.class, Batch::release)}) when an operator drops it. Release is
 * idempotent: the first call returns the buffer to the pool, later calls do nothing, so a
 * consumer and a discard hook may both release. After release, {@link #audio()} and
 * {@link #bytes()} fail, because the buffer may already hold another batch; views taken before
 * must not be read any more. The per-item arrays are plain copies and stay valid.
 *
 * <p>Thread-safe: it may be read from several threads and released from any thread.
 */
public final class Batch implements AutoCloseable {

    private final BufferPool pool;
    private final ByteBuffer buffer;
    private final Layout layout;
    private final int frames;
    private final int channels;
    private final int sampleRate;
    private final int[] labels;
    private final int[] lengths;
    private final long[] sourceIndices;
    private final long[] ordinals;
    private final Checkpoint checkpoint;
    private final long epoch;
    private final List<List<Applied>> augmentations;
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * Takes ownership of {@code buffer} (filled, from {@code pool}) and of the arrays, one entry per
     * item; {@code checkpoint} may be null.
     */
    Batch(BufferPool pool, ByteBuffer buffer, Layout layout, int frames, int channels, int sampleRate,
          int[] labels, int[] lengths, long[] sourceIndices, long[] ordinals, Checkpoint checkpoint, long epoch,
          List<List<Applied>> augmentations) {
        this.pool = pool;
        this.buffer = buffer;
        this.layout = layout;
        this.frames = frames;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.labels = labels;
        this.lengths = lengths;
        this.sourceIndices = sourceIndices;
        this.ordinals = ordinals;
        this.checkpoint = checkpoint;
        this.epoch = epoch;
        this.augmentations = List.copyOf(augmentations);
    }

    /**
     * A batch made outside a {@link Batcher}: {@code items} unlabelled items of {@code frames}
     * frames of {@code channels} channels, whose {@code items * frames * channels} float32 samples
     * the caller already wrote, in {@code layout} order, at the start of {@code buffer}, a buffer it
     * acquired from {@code pool}. For synthetic batches, or batches replayed from memory. The batch
     * takes the buffer over: its release returns the buffer to {@code pool}. Items have label -1,
     * length {@code frames}, source index -1 and their position in the batch as ordinal; the batch
     * has no checkpoint, no augmentations and epoch 0.
     *
     * @throws IllegalArgumentException if a count is not positive or the samples do not fit the buffer
     */
    public static Batch wrap(BufferPool pool, ByteBuffer buffer, Layout layout, int items, int frames, int channels,
                             int sampleRate) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(layout, "layout");
        if (items < 1 || frames < 1 || channels < 1 || sampleRate < 1) {
            throw new IllegalArgumentException("items, frames, channels and sampleRate must be positive: " + items
                    + ", " + frames + ", " + channels + ", " + sampleRate);
        }
        long bytes = (long) items * frames * channels * Float.BYTES;
        if (bytes > buffer.capacity()) {
            throw new IllegalArgumentException(items + " items of " + frames + " frames of " + channels
                    + " channels take " + bytes + " bytes, more than the buffer's " + buffer.capacity());
        }
        int[] labels = new int[items];
        Arrays.fill(labels, -1);
        int[] lengths = new int[items];
        Arrays.fill(lengths, frames);
        long[] sources = new long[items];
        Arrays.fill(sources, -1);
        long[] ordinals = new long[items];
        Arrays.setAll(ordinals, b -> b);
        return new Batch(pool, buffer, layout, frames, channels, sampleRate, labels, lengths, sources, ordinals, null,
                0, Collections.nCopies(items, List.of()));
    }

    /** The number of items B; fewer than the batcher's batch size only for a last partial batch. */
    public int size() {
        return labels.length;
    }

    /** Frames per item, T: the segments' length, or in a padded batch its longest item's. */
    public int frames() {
        return frames;
    }

    /** Channels per frame, C. */
    public int channels() {
        return channels;
    }

    /** Sample rate of every item, in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The order of the samples. */
    public Layout layout() {
        return layout;
    }

    /** The dimensions, outermost first: {@code {B, T, C}} or {@code {B, C, T}}. */
    public int[] shape() {
        return layout.shape(size(), frames, channels);
    }

    /** Size of the audio in bytes: {@code B * T * C * 4}. */
    public int byteSize() {
        return size() * frames * channels * Float.BYTES;
    }

    /** Each item's class number, -1 for an unlabelled item; a copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** Each item's valid frames from its start; {@code T} for every fixed-length segment. A copy. */
    public int[] lengths() {
        return lengths.clone();
    }

    /**
     * Which frames are the items' own: {@code B * T} bytes in {@code (B, T)} order, item b's frame
     * t at {@code b * T + t}, 1 for one of its first {@link #lengths() length} frames and 0 for the
     * padding after them. All ones for fixed-length segments. A new array on each call, valid after
     * release.
     */
    public byte[] mask() {
        byte[] mask = new byte[size() * frames];
        for (int b = 0; b < lengths.length; b++) {
            Arrays.fill(mask, b * frames, b * frames + lengths[b], (byte) 1);
        }
        return mask;
    }

    /** Each item's source index ({@code AudioSource.index}); a copy. */
    public long[] sourceIndices() {
        return sourceIndices.clone();
    }

    /** Each item's ordinal among the segments of its source; a copy. */
    public long[] ordinals() {
        return ordinals.clone();
    }

    /** The epoch the batch belongs to (from 0); outside a pipeline, 0 unless set with {@link Batcher#epoch}. */
    public long epoch() {
        return epoch;
    }

    /**
     * What the augmentation stages applied to each item, in the order applied: one (possibly empty)
     * list per item, item b's at index b. Each {@link Applied} names the transform and the
     * parameters it drew, so the change can be logged or redone. Immutable; valid after release.
     */
    public List<List<Applied>> augmentations() {
        return augmentations;
    }

    /**
     * Where the pipeline stood right after this batch, when it was made by a pipeline that records
     * checkpoints ({@code AudioPipeline}); resuming from it yields the batches that follow this one.
     */
    public Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * A read-only view of the samples in layout order: position 0, {@code B * T * C} floats.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public FloatBuffer audio() {
        return bytes().asFloatBuffer();
    }

    /**
     * A read-only little-endian view of the audio bytes, position 0, limit {@link #byteSize()}:
     * for writers that copy nothing (sockets, files, native code). Each call gives a new view of
     * the same memory, so writers never disturb each other's position.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public ByteBuffer bytes() {
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
    public boolean release() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        pool.release(buffer);
        return true;
    }

    /** Whether {@link #release()} has been called. */
    public boolean isReleased() {
        return released.get();
    }

    /** Same as {@link #release()}. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "Batch" + Arrays.toString(shape()) + " " + layout + ", " + sampleRate + " Hz"
                + (isReleased() ? ", released" : "");
    }
}
