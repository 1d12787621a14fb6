package io.reactiveaudio.onnx;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A model's outputs for a batch of B items, in one pooled buffer of little-endian float32 values,
 * with the input batch's labels, lengths, source indices, ordinals, augmentations, padding items,
 * epoch, checkpoint and arrival times. Each output keeps its shape {@code (B, ...)}: item b's row
 * is the b-th block of {@link #itemShape(String)} values. The outputs lie one after another in the
 * buffer, the {@link #primary() primary} (first) one at its start, so {@link #bytes()} and
 * {@link #shape()} are the primary output's: what a network writer sends. Made by {@link Infer}.
 *
 * <p>With {@link Infer#keepWhere} the batch holds only the items kept, in their order; the
 * per-item arrays are theirs.
 *
 * <p><b>Release.</b> As every {@link PooledBatch}: whoever holds it last releases it
 * ({@link #release()}, {@link #close()}, or
 * {@code doOnDiscard(InferenceBatch.class, InferenceBatch::release)} after operators that drop it).
 * After release the float views fail; the per-item arrays stay valid.
 *
 * <p>Thread-safe: it may be read from several threads and released from any thread.
 */
public final class InferenceBatch extends PooledBatch {

    private final ByteBuffer buffer;
    private final List<String> outputs;
    private final int[][] itemShapes;
    private final int[] offsets;

    /**
     * Takes ownership of {@code buffer} (from {@code pool}) holding {@code outputs.size()} outputs
     * of {@code labels.length} rows, output i of {@code itemShapes[i]} values per row from float
     * {@code offsets[i]}, and of the per-item arrays; the last {@code padding} items are repeats.
     */
    InferenceBatch(BufferPool pool, ByteBuffer buffer, List<String> outputs, int[][] itemShapes, int[] offsets,
                   int sampleRate, int[] labels, int[] lengths, long[] sourceIndices, long[] ordinals,
                   Checkpoint checkpoint, long epoch, List<List<Applied>> augmentations, int padding) {
        super(pool, buffer, sampleRate, labels, lengths, sourceIndices, ordinals, checkpoint, epoch, augmentations,
                padding);
        this.buffer = buffer;
        this.outputs = List.copyOf(outputs);
        this.itemShapes = itemShapes;
        this.offsets = offsets;
    }

    /** The outputs' names, in the order the model was asked for them; the first is the primary output. */
    public List<String> outputs() {
        return outputs;
    }

    /** The first output's name: the one {@link #shape()} and {@link #bytes()} describe. */
    public String primary() {
        return outputs.get(0);
    }

    /** The primary output's dimensions, outermost first: {@code {B, ...}}. */
    @Override
    public int[] shape() {
        return shape(primary());
    }

    /**
     * Output {@code name}'s dimensions, {@code {B, ...}}.
     *
     * @throws IllegalArgumentException if the batch has no such output
     */
    public int[] shape(String name) {
        int[] item = itemShapes[indexOf(name)];
        int[] shape = new int[item.length + 1];
        shape[0] = size();
        System.arraycopy(item, 0, shape, 1, item.length);
        return shape;
    }

    /** The dimensions of one item's row of output {@code name}, without B; a copy. */
    public int[] itemShape(String name) {
        return itemShapes[indexOf(name)].clone();
    }

    /**
     * A read-only view of output {@code name}, position 0, {@code B * rowSize} floats in row-major
     * order of {@link #shape(String)}.
     *
     * @throws IllegalStateException if the batch has been released
     * @throws IllegalArgumentException if the batch has no such output
     */
    public FloatBuffer output(String name) {
        int i = indexOf(name);
        if (isReleased()) {
            throw new IllegalStateException("batch released, its buffer may hold another batch: " + this);
        }
        int floats = size() * rowSize(itemShapes[i]);
        return buffer.slice(offsets[i] * Float.BYTES, floats * Float.BYTES).asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /**
     * Item {@code item}'s row of output {@code name}, copied: {@code rowSize} floats.
     *
     * @throws IllegalStateException if the batch has been released
     * @throws IndexOutOfBoundsException if {@code item} is not in {@code 0..size()-1}
     */
    public float[] row(String name, int item) {
        Objects.checkIndex(item, size());
        int width = rowSize(itemShapes[indexOf(name)]);
        float[] row = new float[width];
        output(name).get(item * width, row);
        return row;
    }

    private int indexOf(String name) {
        int i = outputs.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no output named '" + name + "'; this batch has " + outputs);
        }
        return i;
    }

    static int rowSize(int[] itemShape) {
        int size = 1;
        for (int dimension : itemShape) {
            size = Math.multiplyExact(size, dimension);
        }
        return size;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("InferenceBatch{");
        for (int i = 0; i < outputs.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(outputs.get(i)).append(Arrays.toString(shape(outputs.get(i))));
        }
        return text.append(", ").append(sampleRate()).append(" Hz").append(padding() > 0 ? ", " + padding()
                + " padding" : "").append(isReleased() ? ", released" : "").append('}').toString();
    }
}
