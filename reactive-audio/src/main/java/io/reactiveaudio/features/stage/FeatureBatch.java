package io.reactiveaudio.features.stage;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.features.FeatureLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The features of a batch of audio in one contiguous buffer of little-endian float32 values:
 * {@code (B, bins, frames)} or {@code (B, frames, bins)} by its {@link FeatureLayout} for mono
 * audio, {@code (B, C, bins, frames)} or {@code (B, C, frames, bins)} with C channels, each channel
 * computed alone. Value {@code (b, c, k, t)} is float number
 * {@code (b * C + c) * bins * frames + layout.index(k, t, bins, frames)}. Made by {@link BatchFeatures}.
 *
 * <p><b>Padded items.</b> Item b's features are those of its own {@link #lengths() length} samples
 * computed alone, exactly what the extractor gives for that clip by itself: its first
 * {@link #frameLengths() frameLengths()[b]} = {@code extractor.frames(lengths[b])} frames; the
 * frames after them, up to {@link #frames()} = {@code extractor.frames(T)} of the audio batch's
 * T, are zeros, and {@link #frameMask()} tells them apart. A frame near an item's end is thus
 * padded the extractor's way (reflect, say), never with the batch's zero padding. Items of a
 * fixed-length batch all have {@code frames()} valid frames.
 *
 * <p><b>Release.</b> The buffer is borrowed from a {@link BufferPool}, as a {@code Batch}'s is:
 * whoever holds the feature batch last releases it ({@link #release()}, {@link #close()} in a
 * try-with-resources, or {@code doOnDiscard(FeatureBatch.class, FeatureBatch::release)} after an
 * operator that drops items). Release is idempotent; after it, {@link #features()} and
 * {@link #bytes()} fail. The per-item arrays are copies and stay valid.
 *
 * <p>Thread-safe: it may be read from several threads and released from any thread.
 */
public final class FeatureBatch implements AutoCloseable {

    private final BufferPool pool;
    private final ByteBuffer buffer;
    private final FeatureLayout layout;
    private final int channels;
    private final int bins;
    private final int frames;
    private final int sampleRate;
    private final int[] labels;
    private final int[] lengths;
    private final int[] frameLengths;
    private final long[] sourceIndices;
    private final long[] ordinals;
    private final Checkpoint checkpoint;
    private final long epoch;
    private final List<List<Applied>> augmentations;
    private final AtomicBoolean released = new AtomicBoolean();

    /** Takes ownership of {@code buffer} (filled, from {@code pool}) and of the arrays, one entry per item. */
    FeatureBatch(BufferPool pool, ByteBuffer buffer, FeatureLayout layout, int channels, int bins, int frames,
                 int sampleRate, int[] labels, int[] lengths, int[] frameLengths, long[] sourceIndices, long[] ordinals,
                 Checkpoint checkpoint, long epoch, List<List<Applied>> augmentations) {
        this.pool = pool;
        this.buffer = buffer;
        this.layout = layout;
        this.channels = channels;
        this.bins = bins;
        this.frames = frames;
        this.sampleRate = sampleRate;
        this.labels = labels;
        this.lengths = lengths;
        this.frameLengths = frameLengths;
        this.sourceIndices = sourceIndices;
        this.ordinals = ordinals;
        this.checkpoint = checkpoint;
        this.epoch = epoch;
        this.augmentations = List.copyOf(augmentations);
    }

    /** The number of items B. */
    public int size() {
        return labels.length;
    }

    /** Channels per item, C; each channel has its own matrix. */
    public int channels() {
        return channels;
    }

    /** Rows of each matrix: frequency bins, mel bands or coefficients. */
    public int bins() {
        return bins;
    }

    /** Analysis frames of each matrix: the extractor's frames for the audio batch's T samples. */
    public int frames() {
        return frames;
    }

    /** Sample rate of the audio, in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The order of each matrix. */
    public FeatureLayout layout() {
        return layout;
    }

    /** The dimensions, outermost first: {@code {B, bins, frames}} or {@code {B, frames, bins}}, with C after B when C > 1. */
    public int[] shape() {
        int[] matrix = layout.shape(bins, frames);
        return channels == 1 ? new int[] {size(), matrix[0], matrix[1]}
                : new int[] {size(), channels, matrix[0], matrix[1]};
    }

    /** Size of the features in bytes: {@code B * C * bins * frames * 4}. */
    public int byteSize() {
        return size() * channels * bins * frames * Float.BYTES;
    }

    /** Each item's class number, -1 for an unlabelled item; a copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** Each item's valid audio samples per channel, as in the audio batch; a copy. */
    public int[] lengths() {
        return lengths.clone();
    }

    /** Each item's valid feature frames, {@code extractor.frames(lengths[b])}; a copy. */
    public int[] frameLengths() {
        return frameLengths.clone();
    }

    /**
     * Which frames are the items' own: {@code B * frames} bytes in {@code (B, frames)} order, 1 for
     * one of item b's first {@code frameLengths()[b]} frames, 0 after. A new array on each call.
     */
    public byte[] frameMask() {
        byte[] mask = new byte[size() * frames];
        for (int b = 0; b < frameLengths.length; b++) {
            Arrays.fill(mask, b * frames, b * frames + frameLengths[b], (byte) 1);
        }
        return mask;
    }

    /** Each item's source index; a copy. */
    public long[] sourceIndices() {
        return sourceIndices.clone();
    }

    /** Each item's ordinal among the segments of its source; a copy. */
    public long[] ordinals() {
        return ordinals.clone();
    }

    /** The audio batch's epoch. */
    public long epoch() {
        return epoch;
    }

    /**
     * What was applied to each item, in order: the audio batch's augmentations followed by the
     * SpecAugment masks of the features operator, one list per item. Immutable; valid after release.
     */
    public List<List<Applied>> augmentations() {
        return augmentations;
    }

    /** The audio batch's checkpoint: resuming from it yields the batches after this one. */
    public Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * A read-only view of the values in layout order: position 0, {@code B * C * bins * frames} floats.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public FloatBuffer features() {
        return bytes().asFloatBuffer();
    }

    /**
     * A read-only little-endian view of the bytes, position 0, limit {@link #byteSize()}; a new view
     * on each call.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public ByteBuffer bytes() {
        if (released.get()) {
            throw new IllegalStateException("feature batch released, its buffer may hold another batch: " + this);
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
        return "FeatureBatch" + Arrays.toString(shape()) + " " + layout + ", " + sampleRate + " Hz"
                + (isReleased() ? ", released" : "");
    }
}
