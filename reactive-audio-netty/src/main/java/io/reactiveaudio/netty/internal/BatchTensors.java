package io.reactiveaudio.netty.internal;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.stage.FeatureBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One batch as the wire sends it: the big float32 tensor ({@code audio} or {@code features}) as a
 * view of its pooled buffer, the per-item arrays and metadata texts, the count of padding items,
 * and the batch's checkpoint. Adapts a
 * {@link Batch} or a {@link FeatureBatch} and owns it: {@link #release()} releases that batch,
 * which returns its buffer to the pool.
 *
 * <p>Thread-safe as its batch is; release is idempotent.
 */
public final class BatchTensors {

    /** The name of the big tensor of an audio batch. */
    public static final String AUDIO = "audio";
    /** The name of the big tensor of a feature batch. */
    public static final String FEATURES = "features";

    private final String kind;
    private final String layout;
    private final String axes;
    private final int[] shape;
    private final int sampleRate;
    private final int[] labels;
    private final int[] lengths;
    private final int[] frameLengths;
    private final long[] indices;
    private final long[] ordinals;
    private final int padding;
    private final Checkpoint checkpoint;
    private final long[] arrivalNanos;
    private final List<String> metadata;
    private final ByteBuffer data;
    private final AutoCloseable owner;

    private BatchTensors(String kind, String layout, String axes, int[] shape, int sampleRate, int[] labels,
                         int[] lengths, int[] frameLengths, long[] indices, long[] ordinals, int padding,
                         Checkpoint checkpoint, long[] arrivalNanos, List<String> metadata, ByteBuffer data,
                         AutoCloseable owner) {
        this.kind = kind;
        this.layout = layout;
        this.axes = axes;
        this.shape = shape;
        this.sampleRate = sampleRate;
        this.labels = labels;
        this.lengths = lengths;
        this.frameLengths = frameLengths;
        this.indices = indices;
        this.ordinals = ordinals;
        this.padding = padding;
        this.checkpoint = checkpoint;
        this.arrivalNanos = arrivalNanos;
        this.metadata = metadata;
        this.data = data;
        this.owner = owner;
    }

    /** The tensors of an audio batch, {@code audio} shaped {@code (B, T, C)} or {@code (B, C, T)}; takes ownership. */
    public static BatchTensors of(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        String axes = switch (batch.layout()) {
            case BTC -> "B,T,C";
            case BCT -> "B,C,T";
        };
        return new BatchTensors(AUDIO, batch.layout().name(), axes, batch.shape(), batch.sampleRate(),
                batch.labels(), batch.lengths(), null, batch.sourceIndices(), batch.ordinals(), batch.padding(),
                batch.checkpoint().orElse(null), batch.arrivalNanos().orElse(null), batch.metadata(),
                batch.bytes(), batch);
    }

    /** The tensors of a feature batch, {@code features} in its layout, with {@code frame_lengths}; takes ownership. */
    public static BatchTensors of(FeatureBatch batch) {
        Objects.requireNonNull(batch, "batch");
        String matrix = batch.layout() == FeatureLayout.BINS_FRAMES ? "bins,frames" : "frames,bins";
        String axes = batch.channels() == 1 ? "B," + matrix : "B,C," + matrix;
        return new BatchTensors(FEATURES, batch.layout().name(), axes, batch.shape(), batch.sampleRate(),
                batch.labels(), batch.lengths(), batch.frameLengths(), batch.sourceIndices(), batch.ordinals(),
                batch.padding(), batch.checkpoint().orElse(null), batch.arrivalNanos().orElse(null), batch.metadata(),
                batch.bytes(),
                batch);
    }

    /** The layout name of a batch of another kind ({@link #of(PooledBatch, String, String)}). */
    public static final String OUTPUT_LAYOUT = "OUTPUT";

    /**
     * The tensors of a batch of another kind, such as a model's outputs: its {@link PooledBatch#bytes()}
     * as the big tensor named {@code tensor} (which must not be a small tensor's name), of its
     * {@link PooledBatch#shape()}, described by {@code axes} (comma-separated, B first), layout
     * {@value #OUTPUT_LAYOUT}; takes ownership. The name was checked by {@link #checkTensorName}.
     */
    public static BatchTensors of(PooledBatch batch, String tensor, String axes) {
        Objects.requireNonNull(batch, "batch");
        return new BatchTensors(tensor, OUTPUT_LAYOUT, Objects.requireNonNull(axes, "axes"), batch.shape(),
                batch.sampleRate(), batch.labels(), batch.lengths(), null, batch.sourceIndices(), batch.ordinals(),
                batch.padding(), batch.checkpoint().orElse(null), batch.arrivalNanos().orElse(null), batch.metadata(),
                batch.bytes(),
                batch);
    }

    /**
     * Returns {@code tensor} if it may name a big tensor: not the name of a small one.
     *
     * @throws IllegalArgumentException if it is a small tensor's name
     */
    public static String checkTensorName(String tensor) {
        if (Set.of("indices", "ordinals", "labels", "lengths", "frame_lengths").contains(tensor)) {
            throw new IllegalArgumentException("the big tensor cannot be named like a small one: " + tensor);
        }
        return tensor;
    }

    /** {@value #AUDIO}, {@value #FEATURES}, or another batch's tensor name: the name of the big tensor. */
    public String kind() {
        return kind;
    }

    /** The big tensor's layout name: {@code BTC}, {@code BCT}, {@code BINS_FRAMES} or {@code FRAMES_BINS}. */
    public String layout() {
        return layout;
    }

    /** The big tensor's axis names, outermost first, comma-separated: {@code B,T,C} for example. */
    public String axes() {
        return axes;
    }

    /** The big tensor's dimensions, outermost first; a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** Items in the batch, B. */
    public int size() {
        return labels.length;
    }

    /** Sample rate of every item, in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    int[] labels() {
        return labels;
    }

    int[] lengths() {
        return lengths;
    }

    /** Valid feature frames per item, or null for an audio batch. */
    int[] frameLengths() {
        return frameLengths;
    }

    long[] indices() {
        return indices;
    }

    long[] ordinals() {
        return ordinals;
    }

    /** Each item's arrival time on its live source's clock (a live batch), or null. */
    long[] arrivalNanos() {
        return arrivalNanos;
    }

    /** Each item's metadata text ({@code PooledBatch.metadata}), the empty string for none. */
    List<String> metadata() {
        return metadata;
    }

    /** How many of the last items repeat earlier ones to fill a sharded rank's batch ({@code PooledBatch.padding}). */
    public int padding() {
        return padding;
    }

    /** Where the pipeline stood right after this batch, if it was recorded. */
    public Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** A read-only little-endian view of the big tensor's bytes, position 0; valid until {@link #release()}. */
    public ByteBuffer data() {
        return data.duplicate().order(data.order());
    }

    /** Size of the big tensor in bytes. */
    public int dataBytes() {
        return data.remaining();
    }

    /** The same tensors, calling {@code hook} once when they are first released. */
    public BatchTensors onRelease(Runnable hook) {
        AutoCloseable inner = owner;
        Runnable once = once(hook);
        return ownedBy(() -> {
            try {
                inner.close();
            } finally {
                once.run();
            }
        });
    }

    /**
     * The same tensors lent without the batch: releasing them calls {@code returned} once and
     * leaves the batch to this object's owner, who must keep it until then. For a frame whose
     * write may fail, so that its batch can still be sent elsewhere.
     */
    public BatchTensors lent(Runnable returned) {
        Runnable once = once(returned);
        return ownedBy(once::run);
    }

    private BatchTensors ownedBy(AutoCloseable by) {
        return new BatchTensors(kind, layout, axes, shape, sampleRate, labels, lengths, frameLengths, indices, ordinals,
                padding, checkpoint, arrivalNanos, metadata, data, by);
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    /** Releases the batch, returning its buffer to its pool; later calls do nothing. */
    public void release() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("releasing " + owner + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "BatchTensors{" + kind + java.util.Arrays.toString(shape) + " " + layout + "}";
    }
}
