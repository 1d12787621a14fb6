package io.reactiveaudio.batch;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * B segments of audio in one contiguous buffer of little-endian float32 samples, shaped
 * {@code (B, T, C)} or {@code (B, C, T)} by its {@link Layout}, with each item's label, length,
 * source index, segment ordinal and the augmentations applied to it. Made by {@link Batcher}, or
 * from samples written elsewhere by {@link #wrap}.
 * In a batch padded to its longest item ({@link Batcher#padToLongest}), an item's frames past its
 * {@link #lengths() length} are zeros, and {@link #mask()} tells them apart. Padding items are
 * another thing: whole items at the end that repeat earlier ones to fill a sharded rank's last
 * batch ({@link #padding()}).
 *
 * <p><b>Release.</b> The buffer is borrowed from a {@link BufferPool} and returned once, as every
 * {@link PooledBatch}'s: whoever holds the batch last releases it (the consumer after use, a
 * network writer once the write completes, {@code doOnDiscard(Batch.class, Batch::release)} when
 * an operator drops it). After release, {@link #audio()} and {@link #bytes()} fail; the per-item
 * arrays stay valid.
 *
 * <p>Thread-safe: it may be read from several threads and released from any thread.
 */
public final class Batch extends PooledBatch {

    private final Layout layout;
    private final int frames;
    private final int channels;

    /**
     * Takes ownership of {@code buffer} (filled, from {@code pool}) and of the arrays, one entry per
     * item; {@code checkpoint} may be null; the last {@code padding} items are repeats.
     */
    Batch(BufferPool pool, ByteBuffer buffer, Layout layout, int frames, int channels, int sampleRate,
          int[] labels, int[] lengths, long[] sourceIndices, long[] ordinals, Checkpoint checkpoint, long epoch,
          List<List<Applied>> augmentations, int padding) {
        super(pool, buffer, sampleRate, labels, lengths, sourceIndices, ordinals, checkpoint, epoch, augmentations,
                padding);
        this.layout = layout;
        this.frames = frames;
        this.channels = channels;
    }

    /**
     * A batch made outside a {@link Batcher}: {@code items} unlabelled items of {@code frames}
     * frames of {@code channels} channels, whose {@code items * frames * channels} float32 samples
     * the caller already wrote, in {@code layout} order, at the start of {@code buffer}, a buffer it
     * acquired from {@code pool}. For synthetic batches, or batches replayed from memory. The batch
     * takes the buffer over: its release returns the buffer to {@code pool}. Items have label -1,
     * length {@code frames}, source index -1 and their position in the batch as ordinal; the batch
     * has no checkpoint, no augmentations, no padding and epoch 0.
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
                0, Collections.nCopies(items, List.of()), 0);
    }

    /** Frames per item, T: the segments' length, or in a padded batch its longest item's. */
    public int frames() {
        return frames;
    }

    /** Channels per frame, C. */
    public int channels() {
        return channels;
    }

    /** The order of the samples. */
    public Layout layout() {
        return layout;
    }

    /** The dimensions, outermost first: {@code {B, T, C}} or {@code {B, C, T}}; {@code B * T * C * 4} bytes. */
    @Override
    public int[] shape() {
        return layout.shape(size(), frames, channels);
    }

    /**
     * Which frames are the items' own: {@code B * T} bytes in {@code (B, T)} order, item b's frame
     * t at {@code b * T + t}, 1 for one of its first {@link #lengths() length} frames and 0 for the
     * padding after them. All ones for fixed-length segments. A new array on each call, valid after
     * release.
     */
    public byte[] mask() {
        return prefixMask(lengths(), frames);
    }

    /**
     * A read-only view of the samples in layout order: position 0, {@code B * T * C} floats.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public FloatBuffer audio() {
        return bytes().asFloatBuffer();
    }

    @Override
    public String toString() {
        return describe(layout);
    }
}
