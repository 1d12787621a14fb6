package io.reactiveaudio.examples.bench;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.onnx.Infer;
import io.reactiveaudio.onnx.Model;
import io.reactiveaudio.onnx.SessionPool;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Whether decoding and inference overlap: batches per second of (a) the pipeline alone (log-mel
 * feature batches of 1 s mono 16 kHz segments), (b) the model alone on ready-made batches of the
 * same shape, and (c) the pipeline with the model, with pools of 1 and 2 sessions; (c) over
 * min(a, b) is the overlap ratio. Runs alternate pipeline-alone and pipeline-with-model, each
 * {@code BATCHES} batches after {@value #WARM_UP} of warm-up (the model alone {@code MODEL_BATCHES},
 * by default {@value #MODEL_BATCHES_PER_PIPELINE_BATCH} times more), and report the best of
 * {@value #ROUNDS} rounds. Not a unit test: run it by hand (docs/benchmarks.md).
 *
 * <p>{@code java -cp examples/target/reactive-audio.jar io.reactiveaudio.examples.bench.InferenceThroughput
 * CORPUS MODEL.onnx [BATCHES [MODEL_BATCHES]]}
 */
public final class InferenceThroughput {

    private static final int RATE = 16_000;
    private static final int BATCH = 32;
    private static final int MELS = 40;
    private static final int WARM_UP = 5;
    private static final int ROUNDS = 2;
    /** By default the model alone runs this many times more batches, so that a light model's run lasts seconds. */
    private static final int MODEL_BATCHES_PER_PIPELINE_BATCH = 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private InferenceThroughput() {
    }

    /** Runs the comparison and prints one line per measurement and the ratios. */
    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args[0]);
        Path model = Path.of(args[1]);
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int modelBatches = args.length > 3 ? Integer.parseInt(args[3]) : batches * MODEL_BATCHES_PER_PIPELINE_BATCH;
        AudioPipeline pipeline = AudioPipeline.from(Sources.directory(corpus).scan())
                .conform(RATE, ChannelPolicy.mono()).frames(RATE).shuffle(256).batch(BATCH).seed(1).poolSize(10)
                .features(LogMel.builder().sampleRate(RATE).nFft(400).hopLength(160).nMels(MELS).build());
        int frames = 1 + RATE / 160;
        double[] alone = new double[3];
        double[] modelAlone = new double[3];
        double[] together = new double[3];
        for (int round = 0; round < ROUNDS; round++) {
            for (int sessions = 1; sessions <= 2; sessions++) {
                try (SessionPool pool = Model.onnx(model).sessions(sessions).open()) {
                    Infer infer = Infer.of(pool);
                    alone[sessions] = Math.max(alone[sessions], rate("pipeline alone", sessions,
                            pipeline.featureFlux(), batches));
                    modelAlone[sessions] = Math.max(modelAlone[sessions], rate("model alone", sessions,
                            ready(frames).transform(infer), modelBatches));
                    together[sessions] = Math.max(together[sessions], rate("pipeline + model", sessions,
                            pipeline.featureFlux().transform(infer), batches));
                }
            }
        }
        for (int sessions = 1; sessions <= 2; sessions++) {
            double floor = Math.min(alone[sessions], modelAlone[sessions]);
            System.out.printf(Locale.ROOT, "%d session(s): pipeline %.2f, model %.2f, both %.2f batches/s:"
                    + " %.0f %% of min(pipeline, model)%n", sessions, alone[sessions], modelAlone[sessions],
                    together[sessions], 100 * together[sessions] / floor);
        }
        System.out.printf(Locale.ROOT, "model alone, 2 vs 1 session: %.2fx; pipeline + model: %.2fx%n",
                modelAlone[2] / modelAlone[1], together[2] / together[1]);
    }

    /** Endless batches of (32, 40, frames) random values, written into recycled pooled buffers. */
    private static Flux<Batch> ready(int frames) {
        int floats = BATCH * MELS * frames;
        float[] values = new float[floats];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < floats; i++) {
            values[i] = (float) random.nextGaussian() * 10 - 40;
        }
        BufferPool pool = new BufferPool(floats * Float.BYTES, 16);
        return Flux.generate(sink -> {
            ByteBuffer buffer = pool.acquire();
            buffer.asFloatBuffer().put(values);
            sink.next(Batch.wrap(pool, buffer, Layout.BCT, BATCH, frames, MELS, RATE));
        });
    }

    /** Batches per second over {@code batches} batches after the warm-up, releasing each. */
    private static double rate(String what, int sessions, Flux<? extends PooledBatch> flux, int batches) {
        AtomicLong started = new AtomicLong();
        long count = flux.take(WARM_UP + batches).index().doOnNext(indexed -> {
            if (indexed.getT1() == WARM_UP - 1) {
                started.set(System.nanoTime());
            }
            indexed.getT2().release();
        }).count().block(TIMEOUT);
        double seconds = (System.nanoTime() - started.get()) / 1e9;
        double rate = (count - WARM_UP) / seconds;
        System.out.printf(Locale.ROOT, "%-17s %d session(s): %d batches in %.2f s, %.2f batches/s%n", what, sessions,
                count - WARM_UP, seconds, rate);
        return rate;
    }
}
