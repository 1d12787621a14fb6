package io.reactiveaudio.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A model loaded into N ONNX Runtime sessions, and the bounded scheduler of N threads they run
 * on: one batch per session at a time, so at most N batches are inferred at once and each
 * thread always finds a free session. Made by {@link Model#open()}; shared by every
 * {@link Infer} operator and subscription given it, until {@link #close()}.
 *
 * <p><b>Threads.</b> Each session has {@link Model#intraOpThreads()} intra-op threads and one
 * inter-op thread, runs its graph sequentially, and does not spin waiting for work, so the pool
 * uses at most {@code sessions * intraOpThreads} cores and idles when no batch comes. The run
 * calls block (native code): they happen on the scheduler's own threads
 * ({@code reactive-audio-onnx-*}), never on {@code parallel()} or an event loop.
 *
 * <p><b>Signature.</b> The pool knows, from the file, the input it feeds (its declared shape, with
 * -1 for free dimensions), the outputs it keeps and the mask input; {@link #check} tells whether
 * batches of a shape fit, and a declared batch size N (first dimension) makes the operator run the
 * items N at a time, padding the last run.
 *
 * <p>Thread-safe. {@link #close()} disposes the scheduler and closes the sessions; close it after
 * the streams using it have ended.
 */
public final class SessionPool implements AutoCloseable {

    private final Model model;
    private final OrtEnvironment environment;
    private final List<OrtSession> sessions = new ArrayList<>();
    /** Idle sessions; also the lock that orders a session's return with {@link #close()}. */
    private final Queue<OrtSession> idle = new ConcurrentLinkedQueue<>();
    private boolean closed;
    private final Scheduler scheduler;
    private final String input;
    private final long[] inputShape;
    private final List<String> outputs;
    private final Map<String, long[]> outputShapes = new HashMap<>();
    private final String maskInput;

    SessionPool(Model model) {
        this.model = model;
        this.environment = OrtEnvironment.getEnvironment();
        try {
            for (int i = 0; i < model.sessions(); i++) {
                sessions.add(load());
            }
            Map<String, NodeInfo> inputs = sessions.get(0).getInputInfo();
            Map<String, NodeInfo> outputInfo = sessions.get(0).getOutputInfo();
            this.maskInput = model.maskInput();
            this.input = model.input() != null ? model.input() : onlyInput(inputs);
            this.inputShape = floatTensor(inputs, input, "input").getShape();
            if (maskInput != null) {
                long[] mask = floatTensor(inputs, maskInput, "mask input").getShape();
                if (mask.length != 1) {
                    throw new ModelException(path(), "mask input '" + maskInput + "' must have one dimension (the rows),"
                            + " it has " + Arrays.toString(mask), null);
                }
            }
            for (String name : inputs.keySet()) {
                if (!name.equals(input) && !name.equals(maskInput)) {
                    throw new ModelException(path(), "input '" + name + "' would not be fed: the operator feeds '"
                            + input + "'" + (maskInput == null ? "" : " and the mask '" + maskInput + "'"), null);
                }
            }
            this.outputs = model.outputs().isEmpty() ? List.copyOf(outputInfo.keySet()) : model.outputs();
            for (String name : outputs) {
                long[] shape = floatTensor(outputInfo, name, "output").getShape();
                if (shape.length == 0) {
                    throw new ModelException(path(), "output '" + name + "' is a scalar, not one row per item", null);
                }
                outputShapes.put(name, shape);
            }
        } catch (OrtException e) {
            closeSessions();
            throw new ModelException(path(), "ONNX Runtime cannot load it: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeSessions();
            throw e;
        }
        idle.addAll(sessions);
        scheduler = Schedulers.newBoundedElastic(sessions.size(), Integer.MAX_VALUE, "reactive-audio-onnx", 60, true);
    }

    private OrtSession load() throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(model.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            return environment.createSession(path().toString(), options);
        }
    }

    private String onlyInput(Map<String, NodeInfo> inputs) {
        List<String> names = new ArrayList<>(inputs.keySet());
        names.remove(maskInput);
        if (names.size() != 1) {
            throw new ModelException(path(), "the model has inputs " + inputs.keySet() + ": name the one the batches"
                    + " feed with Model.input", null);
        }
        return names.get(0);
    }

    private TensorInfo floatTensor(Map<String, NodeInfo> nodes, String name, String what) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new ModelException(path(), "no " + what + " named '" + name + "'; the model's are " + nodes.keySet(),
                    null);
        }
        if (!(node.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new ModelException(path(), what + " '" + name + "' is not a float32 tensor: " + node.getInfo(), null);
        }
        return tensor;
    }

    /** The model file. */
    public Path path() {
        return model.path();
    }

    /** The description this pool was opened from. */
    public Model model() {
        return model;
    }

    /** The number of sessions: the most batches inferred at once. */
    public int size() {
        return sessions.size();
    }

    /** The input fed from the batches' values. */
    public String input() {
        return input;
    }

    /** The input's declared dimensions, -1 where the model leaves one free; a copy. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The outputs kept, in order; the first is the primary output. */
    public List<String> outputs() {
        return outputs;
    }

    /**
     * Output {@code name}'s declared dimensions, -1 where the model leaves one free; a copy.
     *
     * @throws IllegalArgumentException if {@code name} is not one of {@link #outputs()}
     */
    public long[] outputShape(String name) {
        long[] shape = outputShapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no kept output named '" + name + "'; the pool keeps " + outputs);
        }
        return shape.clone();
    }

    /** The row-mask input, or null. */
    public String maskInput() {
        return maskInput;
    }

    /** The batch size the model fixes (its input's first dimension), or 0 if it takes any. */
    public int fixedBatchSize() {
        return inputShape.length > 0 && inputShape[0] > 0 ? Math.toIntExact(inputShape[0]) : 0;
    }

    /**
     * Checks that batches of shape {@code batchShape} (B first) fit the input: same rank, and each
     * dimension after the first equal to the model's where it fixes one. The first never fails
     * (see {@link #fixedBatchSize()}).
     *
     * @throws ModelShapeException naming the input, the declared and the given shape, if they do not fit
     */
    public void check(int... batchShape) {
        boolean fits = batchShape.length == inputShape.length;
        for (int d = 1; fits && d < batchShape.length; d++) {
            fits = inputShape[d] < 0 || inputShape[d] == batchShape[d];
        }
        if (!fits) {
            throw new ModelShapeException(path(), input, inputShape, batchShape);
        }
    }

    /** The scheduler inference runs on: {@link #size()} threads. */
    Scheduler scheduler() {
        return scheduler;
    }

    /** The ONNX Runtime environment the sessions belong to. */
    OrtEnvironment environment() {
        return environment;
    }

    /** An idle session, for the task running on one of the scheduler's threads; there is one for each thread. */
    OrtSession borrow() {
        OrtSession session = idle.poll();
        if (session == null) {
            throw new IllegalStateException("no idle session: more inference tasks than the " + sessions.size()
                    + " sessions ran at once");
        }
        return session;
    }

    /** Gives a session back once its run is over; closes it instead if the pool was closed meanwhile. */
    void giveBack(OrtSession session) {
        synchronized (idle) {
            if (!closed) {
                idle.offer(session);
                return;
            }
        }
        closeSession(session);
    }

    /**
     * Disposes the scheduler and closes the sessions: idle ones now, running ones when their batch
     * is done, so a cancelled stream never pulls a session from under a run. Idempotent.
     */
    @Override
    public void close() {
        List<OrtSession> now;
        synchronized (idle) {
            if (closed) {
                return;
            }
            closed = true;
            now = new ArrayList<>(idle);
            idle.clear();
        }
        scheduler.dispose();
        now.forEach(this::closeSession);
    }

    private void closeSessions() {
        sessions.forEach(this::closeSession);
    }

    private void closeSession(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(path(), "closing a session failed", e);
        }
    }

    @Override
    public String toString() {
        return "SessionPool{" + path() + ", input " + input + Arrays.toString(inputShape) + ", outputs " + outputs
                + ", " + sessions.size() + " sessions}";
    }
}
