package io.reactiveaudio.features.stage;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.features.FeatureLayout;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;

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
 * <p><b>Release.</b> The buffer is borrowed from a {@link BufferPool} and returned once, as every
 * {@link PooledBatch}'s: whoever holds the feature batch last releases it ({@link #release()},
 * {@link #close()} in a try-with-resources, or
 * {@code doOnDiscard(FeatureBatch.class, FeatureBatch::release)} after an operator that drops
 * items). After release, {@link #features()} and {@link #bytes()} fail; the per-item arrays stay
 * valid. {@link #lengths()} are the audio batch's, in samples per channel.
 *
 * <p>Thread-safe: it may be read from several threads and released from any thread.
 */
public final class FeatureBatch extends PooledBatch {

    private final FeatureLayout layout;
    private final int channels;
    private final int bins;
    private final int frames;
    private final int[] frameLengths;

    /**
     * Takes ownership of {@code buffer} (filled, from {@code pool}) and of the arrays, one entry per
     * item; the last {@code padding} items are repeats, as in the audio batch.
     */
    FeatureBatch(BufferPool pool, ByteBuffer buffer, FeatureLayout layout, int channels, int bins, int frames,
                 int sampleRate, int[] labels, int[] lengths, int[] frameLengths, long[] sourceIndices, long[] ordinals,
                 Checkpoint checkpoint, long epoch, List<List<Applied>> augmentations, int padding) {
        super(pool, buffer, sampleRate, labels, lengths, sourceIndices, ordinals, checkpoint, epoch, augmentations,
                padding);
        this.layout = layout;
        this.channels = channels;
        this.bins = bins;
        this.frames = frames;
        this.frameLengths = frameLengths;
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

    /** The order of each matrix. */
    public FeatureLayout layout() {
        return layout;
    }

    /**
     * The dimensions, outermost first: {@code {B, bins, frames}} or {@code {B, frames, bins}}, with C
     * after B when C > 1; {@code B * C * bins * frames * 4} bytes.
     */
    @Override
    public int[] shape() {
        int[] matrix = layout.shape(bins, frames);
        return channels == 1 ? new int[] {size(), matrix[0], matrix[1]}
                : new int[] {size(), channels, matrix[0], matrix[1]};
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
        return prefixMask(frameLengths, frames);
    }

    /**
     * A read-only view of the values in layout order: position 0, {@code B * C * bins * frames} floats.
     *
     * @throws IllegalStateException if the batch has been released
     */
    public FloatBuffer features() {
        return bytes().asFloatBuffer();
    }

    @Override
    public String toString() {
        return describe(layout);
    }
}
