package io.reactiveaudio.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.PooledBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One subscription's inference: runs a batch through a borrowed session (in runs of the model's
 * fixed batch size, if it has one), applies the keep predicate, and writes the kept items' outputs
 * into a buffer of the subscription's output pool, made at the first batch. Blocking: called on the
 * session pool's threads only. Thread-safe: several sessions' threads call {@link #run} at once.
 */
final class BatchInference {

    private final SessionPool sessions;
    private final int poolSize;
    private final int maxItems;
    private final InferenceReport report;
    private final String keepOutput;
    private final Predicate<float[]> keep;
    /** Each thread's padded-run input, for models with a fixed batch size. */
    private final ThreadLocal<FloatBuffer> padded = new ThreadLocal<>();
    private BufferPool outputs;

    /** {@code outputs} is the shared output pool, or null for one made at the first batch. */
    BatchInference(SessionPool sessions, BufferPool outputs, int poolSize, int maxItems, InferenceReport report, String keepOutput,
                   Predicate<float[]> keep) {
        this.sessions = sessions;
        this.outputs = outputs;
        this.poolSize = poolSize;
        this.maxItems = maxItems;
        this.report = report;
        this.keepOutput = keepOutput;
        this.keep = keep;
    }

    /** The outputs of {@code input}'s kept items, or null if none was kept; does not release {@code input}. */
    InferenceBatch run(PooledBatch input) {
        int[] shape = input.shape();
        sessions.check(shape);
        Outputs values = infer(input, shape);
        boolean[] kept = kept(input, values);
        int count = 0;
        for (boolean k : kept) {
            count += k ? 1 : 0;
        }
        return count == 0 ? null : write(input, values, kept, count);
    }

    /** Every item's rows of every output, from one or more runs of a borrowed session. */
    private Outputs infer(PooledBatch input, int[] shape) {
        int items = input.size();
        int fixed = sessions.fixedBatchSize();
        int step = fixed == 0 ? items : fixed;
        int rowFloats = InferenceBatch.rowSize(Arrays.copyOfRange(shape, 1, shape.length));
        Outputs values = new Outputs(sessions.outputs(), items);
        FloatBuffer all = input.bytes().asFloatBuffer();
        OrtSession session = sessions.borrow();
        long started = System.nanoTime();
        int runs = 0;
        try {
            for (int from = 0; from < items; from += step) {
                int rows = Math.min(step, items - from);
                int fed = fixed == 0 ? items : fixed;
                FloatBuffer feed = rows == items && fed == items ? all : padded(all, from, rows, fed, rowFloats);
                long[] runShape = new long[shape.length];
                runShape[0] = fed;
                for (int d = 1; d < shape.length; d++) {
                    runShape[d] = shape[d];
                }
                runOnce(session, feed, runShape, rows, from, values);
                runs++;
                if (rows < fed) {
                    report.record(new InferenceEvent.RowsPadded(input.epoch(), input.sourceIndices()[from],
                            input.ordinals()[from], rows, fed - rows));
                }
            }
        } catch (OrtException e) {
            throw failure(input, "ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            sessions.giveBack(session);
        }
        report.inferred(items, runs, System.nanoTime() - started);
        return values;
    }

    private void runOnce(OrtSession session, FloatBuffer feed, long[] runShape, int rows, int from, Outputs values)
            throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(sessions.input(), OnnxTensor.createTensor(sessions.environment(), feed, runShape));
            if (sessions.maskInput() != null) {
                float[] mask = new float[(int) runShape[0]];
                Arrays.fill(mask, 0, rows, 1f);
                inputs.put(sessions.maskInput(), OnnxTensor.createTensor(sessions.environment(),
                        FloatBuffer.wrap(mask), new long[] {mask.length}));
            }
            try (OrtSession.Result result = session.run(inputs, new LinkedHashSet<>(sessions.outputs()))) {
                for (int i = 0; i < sessions.outputs().size(); i++) {
                    String name = sessions.outputs().get(i);
                    Optional<OnnxValue> value = result.get(name);
                    if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
                        throw new OrtException("output '" + name + "' is not a tensor");
                    }
                    values.take(i, tensor.getInfo().getShape(), tensor.getFloatBuffer(), rows, from);
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Rows {@code from .. from + rows} of {@code all}, then zeros up to {@code fed} rows, in this thread's buffer. */
    private FloatBuffer padded(FloatBuffer all, int from, int rows, int fed, int rowFloats) {
        FloatBuffer buffer = padded.get();
        if (buffer == null || buffer.capacity() != fed * rowFloats) {
            buffer = ByteBuffer.allocateDirect(fed * rowFloats * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            padded.set(buffer);
        }
        buffer.clear();
        buffer.put(all.slice(from * rowFloats, rows * rowFloats));
        while (buffer.hasRemaining()) {
            buffer.put(0f);
        }
        return buffer.flip();
    }

    /** Which items pass the keep predicate; each other one recorded as dropped. */
    private boolean[] kept(PooledBatch input, Outputs values) {
        boolean[] kept = new boolean[input.size()];
        Arrays.fill(kept, true);
        if (keep == null) {
            return kept;
        }
        int output = sessions.outputs().indexOf(keepOutput);
        long[] sources = input.sourceIndices();
        long[] ordinals = input.ordinals();
        for (int b = 0; b < kept.length; b++) {
            kept[b] = keep.test(values.row(output, b));
            if (!kept[b]) {
                report.record(new InferenceEvent.ItemDropped(input.epoch(), sources[b], ordinals[b], keepOutput));
            }
        }
        return kept;
    }

    /** The kept items' outputs, output after output, in a pooled buffer, with their per-item arrays. */
    private InferenceBatch write(PooledBatch input, Outputs values, boolean[] kept, int count) {
        BufferPool pool = pool(input, values);
        int rowTotal = values.rowTotal();
        if ((long) count * rowTotal * Float.BYTES > pool.capacity()) {
            throw failure(input, "the outputs of " + count + " items take " + (long) count * rowTotal * Float.BYTES
                    + " bytes, more than the output buffers' " + pool.capacity() + " (sized for maxItems = "
                    + pool.capacity() / (rowTotal * Float.BYTES) + " items; set Infer.maxItems or give a larger pool)",
                    null);
        }
        ByteBuffer buffer = pool.acquire();
        FloatBuffer floats = buffer.asFloatBuffer();
        int[] offsets = new int[values.count()];
        for (int i = 0; i < values.count(); i++) {
            offsets[i] = floats.position();
            int width = values.rowSize(i);
            for (int b = 0; b < kept.length; b++) {
                if (kept[b]) {
                    floats.put(values.all(i), b * width, width);
                }
            }
        }
        InferenceBatch batch = new InferenceBatch(pool, buffer, sessions.outputs(), values.itemShapes(), offsets,
                input.sampleRate(), pick(input.labels(), kept, count), pick(input.lengths(), kept, count),
                pick(input.sourceIndices(), kept, count), pick(input.ordinals(), kept, count),
                input.checkpoint().orElse(null), input.epoch(), pick(input.augmentations(), kept),
                keptPadding(input, kept));
        input.arrivalNanos().ifPresent(times -> batch.stampArrivalNanos(pick(times, kept, count)));
        return batch;
    }

    private synchronized BufferPool pool(PooledBatch input, Outputs values) {
        if (outputs == null) {
            long bytes = (long) Math.max(maxItems, input.size()) * values.rowTotal() * Float.BYTES;
            if (bytes > Integer.MAX_VALUE) {
                throw failure(input, "output buffers of " + bytes + " bytes are over the 2 GiB a buffer holds", null);
            }
            outputs = new BufferPool((int) bytes, poolSize);
        }
        return outputs;
    }

    private InferenceException failure(PooledBatch input, String message, Throwable cause) {
        return new InferenceException(sessions.path(), input.epoch(), input.sourceIndices()[0], input.ordinals()[0],
                message, cause);
    }

    private static int keptPadding(PooledBatch input, boolean[] kept) {
        int padding = 0;
        for (int b = input.size() - input.padding(); b < input.size(); b++) {
            padding += kept[b] ? 1 : 0;
        }
        return padding;
    }

    private static int[] pick(int[] values, boolean[] kept, int count) {
        int[] picked = new int[count];
        for (int b = 0, n = 0; b < kept.length; b++) {
            if (kept[b]) {
                picked[n++] = values[b];
            }
        }
        return picked;
    }

    private static long[] pick(long[] values, boolean[] kept, int count) {
        long[] picked = new long[count];
        for (int b = 0, n = 0; b < kept.length; b++) {
            if (kept[b]) {
                picked[n++] = values[b];
            }
        }
        return picked;
    }

    private static List<List<Applied>> pick(List<List<Applied>> values, boolean[] kept) {
        List<List<Applied>> picked = new ArrayList<>();
        for (int b = 0; b < kept.length; b++) {
            if (kept[b]) {
                picked.add(values.get(b));
            }
        }
        return picked;
    }

    /** One batch's outputs as the runs give them: per output, every item's row, and the row's shape. */
    private static final class Outputs {

        private final List<String> names;
        private final int items;
        private final float[][] values;
        private final int[][] itemShapes;

        Outputs(List<String> names, int items) {
            this.names = names;
            this.items = items;
            this.values = new float[names.size()][];
            this.itemShapes = new int[names.size()][];
        }

        /** Copies the first {@code rows} rows of output {@code i}'s run result (of {@code shape}) to rows {@code from ...}. */
        void take(int i, long[] shape, FloatBuffer result, int rows, int from) throws OrtException {
            int[] item = new int[shape.length - 1];
            for (int d = 1; d < shape.length; d++) {
                item[d - 1] = Math.toIntExact(shape[d]);
            }
            if (itemShapes[i] == null) {
                itemShapes[i] = item;
                values[i] = new float[Math.multiplyExact(items, InferenceBatch.rowSize(item))];
            } else if (!Arrays.equals(itemShapes[i], item)) {
                throw new OrtException("output '" + names.get(i) + "' changed its row shape between runs of one batch: "
                        + Arrays.toString(itemShapes[i]) + " then " + Arrays.toString(item));
            }
            int width = rowSize(i);
            result.get(0, values[i], from * width, rows * width);
        }

        int count() {
            return names.size();
        }

        int rowSize(int i) {
            return InferenceBatch.rowSize(itemShapes[i]);
        }

        int rowTotal() {
            int total = 0;
            for (int i = 0; i < names.size(); i++) {
                total += rowSize(i);
            }
            return total;
        }

        float[] all(int i) {
            return values[i];
        }

        float[] row(int i, int item) {
            int width = rowSize(i);
            return Arrays.copyOfRange(values[i], item * width, (item + 1) * width);
        }

        int[][] itemShapes() {
            int[][] copy = new int[itemShapes.length][];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = itemShapes[i].clone();
            }
            return copy;
        }
    }
}
