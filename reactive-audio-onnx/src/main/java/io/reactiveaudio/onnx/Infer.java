package io.reactiveaudio.onnx;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.PooledBatch;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The inference operator: each batch (an audio {@code Batch}, a {@code FeatureBatch}, any
 * {@link PooledBatch}) goes through an ONNX model and becomes an {@link InferenceBatch} of the
 * model's named outputs, carrying the batch's labels, lengths, indices, ordinals, augmentations,
 * padding items, epoch, checkpoint and arrival times. The batch's values feed the model's input as
 * they are, shape and all ({@link PooledBatch#shape()}: {@code (B, T, C)} or {@code (B, C, T)} for
 * audio, {@code (B, bins, frames)} or {@code (B, C, bins, frames)} for features), from a direct
 * {@code FloatBuffer} view of the pooled buffer, so the input is not copied.
 *
 * <pre>{@code
 * Model encoder = Model.onnx(Path.of("encoder.onnx")).input("logmel").output("embedding");
 * Flux<InferenceBatch> embeddings = pipeline.featureFlux().transform(Infer.of(encoder));
 * }</pre>
 *
 * <p><b>Shapes.</b> {@link #expecting} checks a batch shape against the model's input when the
 * operator is built; without it the first batch is checked before it runs. Either way a mismatch is
 * a {@link ModelShapeException} naming the input, the declared and the actual shape. A model with a
 * free batch dimension runs each batch once; one with a fixed batch size N runs the items N at a
 * time, the last run padded with rows of zeros (masked 0 in the {@link Model#maskInput mask input}
 * if the model has one) whose outputs are dropped: each padded run is an
 * {@link InferenceEvent.RowsPadded} in the {@link #report report}.
 *
 * <p><b>Threads and order.</b> Batches run on the {@link SessionPool}'s scheduler, one per
 * session, so up to {@code sessions} batches at once, and leave in input order
 * ({@code flatMapSequential}). With the same batches and the pool's default of one intra-op
 * thread, the outputs are bit-identical whatever the number of sessions.
 *
 * <p><b>Demand and memory.</b> The operator requests {@code sessions + prefetch} input batches
 * ahead of what downstream has consumed ({@link #prefetch}, default {@value #DEFAULT_PREFETCH}):
 * up to {@code sessions} run while {@code prefetch} wait, so the upstream pool must cover them as
 * well as its own. It never infers more than {@code sessions + prefetch} batches ahead of
 * downstream demand. Outputs go into a pool of {@link #poolSize} buffers (default
 * {@code sessions + prefetch + 3}, for a consumer that holds one batch and requests 3 more), each
 * sized at the first batch for {@link #maxItems} items (default: the first batch's B) of every
 * output's row, or from the pool given to {@link #pool}.
 *
 * <p><b>Release.</b> Each input batch is released as soon as its run is over (or at once if the
 * stream is cancelled before it runs; a running batch is released when its run ends). Output
 * batches made but not handed over when the stream is cancelled or fails are released, whichever
 * Reactor operator held them; the consumer releases every one it receives.
 *
 * <p><b>Filtering.</b> {@link #keepWhere} drops items whose row of an output fails a predicate
 * (a voice-activity or language score, say): each one an {@link InferenceEvent.ItemDropped} in the
 * report; a batch left with no item is released and not emitted.
 *
 * <p>Immutable and thread-safe; every setter returns a new operator. Each subscription has its own
 * output pool; the sessions are the given pool's, or, for {@link #of(Model)}, a pool opened at
 * subscription and closed when the stream ends.
 */
public final class Infer implements Function<Flux<? extends PooledBatch>, Flux<InferenceBatch>> {

    /** Default number of input batches requested beyond those running. */
    public static final int DEFAULT_PREFETCH = 1;

    private final Settings settings;

    private Infer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Inference with {@code sessions}, which the caller opened and closes after the streams end;
     * several operators and subscriptions may share them.
     */
    public static Infer of(SessionPool sessions) {
        Settings settings = new Settings();
        settings.pool = Objects.requireNonNull(sessions, "sessions");
        return new Infer(settings);
    }

    /**
     * Inference with {@code model}: each subscription opens its sessions (on a bounded-elastic
     * thread, the file is read then) and closes them when its stream ends.
     */
    public static Infer of(Model model) {
        Settings settings = new Settings();
        settings.model = Objects.requireNonNull(model, "model");
        return new Infer(settings);
    }

    /** Input batches requested beyond the {@code sessions} running (at least 0); they wait unreleased. */
    public Infer prefetch(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("prefetch must be at least 0: " + batches);
        }
        return with(s -> s.prefetch = batches);
    }

    /** Output buffers in each subscription's pool (at least 1); default {@code sessions + prefetch + 3}. */
    public Infer poolSize(int buffers) {
        positive(buffers, "poolSize");
        return with(s -> s.poolSize = buffers);
    }

    /**
     * Takes output buffers from {@code shared} instead of a pool per subscription; its capacity must
     * hold the largest output batch (every output's row times the items), else the stream fails
     * naming both.
     */
    public Infer pool(BufferPool shared) {
        Objects.requireNonNull(shared, "pool");
        return with(s -> s.outputPool = shared);
    }

    /**
     * The most items a batch has, which the output buffers must hold (at least 1); default the first
     * batch's B. A larger batch fails the stream naming this bound.
     */
    public Infer maxItems(int items) {
        positive(items, "maxItems");
        return with(s -> s.maxItems = items);
    }

    /** Counts into {@code into} what this operator does (a fresh report by default, not readable). */
    public Infer report(InferenceReport into) {
        Objects.requireNonNull(into, "report");
        return with(s -> s.report = into);
    }

    /**
     * Keeps only the items whose row of output {@code output} ({@link InferenceBatch#row}) passes
     * {@code keep}; every other item is dropped and recorded ({@link InferenceEvent.ItemDropped}).
     * {@code keep} runs on an inference thread and must not block.
     */
    public Infer keepWhere(String output, Predicate<float[]> keep) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(keep, "keep");
        if (settings.pool != null && !settings.pool.outputs().contains(output)) {
            throw new IllegalArgumentException("keepWhere names output '" + output + "', the operator keeps "
                    + settings.pool.outputs());
        }
        return with(s -> {
            s.keepOutput = output;
            s.keep = keep;
        });
    }

    /**
     * Checks now that batches of shape {@code batchShape} (B first, as {@link PooledBatch#shape()})
     * fit the model's input, and returns this operator. With {@link #of(Model)} it reads the model
     * file (blocks).
     *
     * @throws ModelShapeException naming the input, the declared and the given shape, if they do not fit
     */
    public Infer expecting(int... batchShape) {
        if (settings.pool != null) {
            settings.pool.check(batchShape);
        } else {
            try (SessionPool probe = settings.model.sessions(1).open()) {
                probe.check(batchShape);
            }
        }
        return this;
    }

    @Override
    public Flux<InferenceBatch> apply(Flux<? extends PooledBatch> batches) {
        if (settings.pool != null) {
            return infer(settings.pool, batches);
        }
        return Mono.fromCallable(settings.model::open).subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(pool -> infer(pool, batches).doFinally(signal -> closeOffThread(pool)));
    }

    private Flux<InferenceBatch> infer(SessionPool pool, Flux<? extends PooledBatch> batches) {
        if (settings.keepOutput != null && !pool.outputs().contains(settings.keepOutput)) {
            return Flux.error(new IllegalArgumentException("keepWhere names output '" + settings.keepOutput
                    + "', the operator keeps " + pool.outputs()));
        }
        int concurrency = pool.size() + settings.prefetch;
        return Flux.defer(() -> {
            BatchInference inference = new BatchInference(pool, settings.outputPool, settings.poolSize > 0
                    ? settings.poolSize : concurrency + 3, settings.maxItems, settings.report, settings.keepOutput,
                    settings.keep);
            Custody custody = new Custody();
            return batches.flatMapSequential(batch -> job(pool, inference, custody, batch), concurrency, 1)
                    .<InferenceBatch>handle((batch, sink) -> {
                        if (custody.handOver(batch)) {
                            sink.next(batch);
                        }
                    })
                    .doFinally(signal -> custody.close())
                    .doOnDiscard(PooledBatch.class, PooledBatch::release);
        });
    }

    /**
     * One batch's run on the pool's scheduler. The input is in {@code custody} until its run starts
     * (released then when the run ends, or by a cancel before), and the output is registered there
     * before it is emitted.
     */
    private static Mono<InferenceBatch> job(SessionPool pool, BatchInference inference, Custody custody,
                                            PooledBatch input) {
        Custody.Job job = custody.admit(input);
        return Mono.create(sink -> {
            sink.onCancel(job::cancel);
            try {
                pool.scheduler().schedule(() -> {
                    custody.started(job);
                    if (!job.start()) {
                        return;
                    }
                    InferenceBatch output;
                    try {
                        output = inference.run(input);
                    } catch (RuntimeException | Error e) {
                        input.release();    // before the error: whoever it wakes finds the input back in its pool
                        sink.error(e);
                        return;
                    }
                    input.release();
                    if (output == null) {
                        sink.success();
                    } else if (custody.register(output)) {
                        sink.success(output);
                    }
                });
            } catch (RejectedExecutionException e) {
                job.cancel();
                sink.error(e);
            }
        });
    }

    /** Closes a per-subscription pool from a bounded-elastic thread: the stream may end on a parallel one. */
    private static void closeOffThread(SessionPool pool) {
        try {
            Schedulers.boundedElastic().schedule(pool::close);
        } catch (RejectedExecutionException e) {
            pool.close();
        }
    }

    private Infer with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new Infer(next);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    /** The operator's settings; changed only on a fresh {@link #copy()} while a setter makes a new operator. */
    private static final class Settings implements Cloneable {

        SessionPool pool;
        Model model;
        int prefetch = DEFAULT_PREFETCH;
        /** Output buffers per subscription; 0 for sessions + prefetch + 3. */
        int poolSize;
        /** Items the output buffers hold; 0 for the first batch's. */
        int maxItems;
        InferenceReport report = new InferenceReport();
        /** The output pool given to {@link Infer#pool}; null for a pool per subscription. */
        BufferPool outputPool;
        String keepOutput;
        Predicate<float[]> keep;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
