package io.reactiveaudio.examples.training;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BatchIterator;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Flux;

/**
 * A training loop over the reactive pipeline, written the way a JVM trainer consumes it: take one
 * batch, train on it, release it, and stop after a number of steps.
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar io.reactiveaudio.examples.training.TrainingLoopExample [DIR]
 * reactive-audio train-demo [DIR] --steps 50 --batch 8 --frame 2048 --seed 0
 * </pre>
 *
 * <p><b>Pipeline.</b> The corpus is DIR, whose sub-folder names are the labels, or without it the
 * built-in {@link DemoCorpus}. Files are decoded in a seeded order, resampled to
 * {@value #SAMPLE_RATE} Hz mono, cut into segments of F frames with a random prepend, mixed in a
 * shuffle window of 16 batches (the first batch leaves once 2 batches' worth have arrived) and
 * packed into {@code (B, F, 1)} float32 batches, epoch after epoch.
 *
 * <p><b>Loop.</b> Batches come through a {@link BatchIterator} with a prefetch of {@value #PREFETCH}:
 * its try-with-resources cancels the pipeline and releases the prefetched batches when the loop
 * stops, and each batch is released by a try-with-resources of its own after its step. The
 * pipeline's pool of {@link Batcher#DEFAULT_POOL_SIZE} buffers covers the prefetch plus the batch in
 * hand. The model is a stand-in: each item's RMS level, a running mean of it per label, and as loss
 * the mean squared distance of the items' levels to their label's mean before the update. A line
 * every {@value #LOG_EVERY} steps gives the step, the batch's shape, its labels, mean RMS and loss;
 * the last line says whether every batch the pipeline made was released.
 */
public final class TrainingLoopExample {

    /** The rate every source is resampled to, in Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** Batches requested ahead of the loop. */
    public static final int PREFETCH = 2;
    /** Steps between two progress lines. */
    public static final int LOG_EVERY = 10;

    private static final double LEARNING_RATE = 0.1;

    private TrainingLoopExample() {
    }

    /**
     * What one run trains on: {@code steps} batches of {@code batch} segments of {@code frame}
     * frames at {@value #SAMPLE_RATE} Hz, with every random draw keyed by {@code seed}.
     */
    public record Settings(int steps, int batch, int frame, long seed) {

        public Settings {
            positive(steps, "steps");
            positive(batch, "batch");
            positive(frame, "frame");
        }

        /**
         * 50 steps, seed 0, and batches of 8 segments of 2 048 frames (128 ms) on the small demo
         * corpus, or 32 segments of 32 000 frames (2 s) on a real one.
         */
        public static Settings defaults(boolean demoCorpus) {
            return demoCorpus ? new Settings(50, 8, 2_048, 0) : new Settings(50, 32, 32_000, 0);
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
        }
    }

    /**
     * How a run ended.
     *
     * @param steps batches trained on
     * @param batchesMade batches the pipeline emitted, prefetched ones included
     * @param unreleased batches still holding a pool buffer after the loop: 0 unless a batch leaked
     */
    public record Result(int steps, long batchesMade, int unreleased) {
    }

    /** Trains on DIR, the first argument, with {@link Settings#defaults} or, without it, on the demo corpus. */
    public static void main(String[] args) throws IOException {
        PrintWriter out = new PrintWriter(System.out, true);
        Path dir = args.length > 0 ? Path.of(args[0]) : null;
        DemoCorpus.runOn(dir, root -> train(root, Settings.defaults(dir == null), out));
    }

    /**
     * Runs the loop on the corpus below {@code root} (sub-folder names are labels), printing
     * progress to {@code out}. Blocks until the last step; call it on a thread that may block.
     */
    public static Result train(Path root, Settings settings, PrintWriter out) {
        SourceSet corpus = Sources.directory(root).labelsFromParentFolder(true).scan();
        DecodeReport report = new DecodeReport();
        AudioPipeline pipeline = AudioPipeline.from(corpus)
                .decode(Decode.defaults().report(report))
                .conform(SAMPLE_RATE, ChannelPolicy.mono())
                .frames(settings.frame())
                .shuffle(16 * settings.batch())
                .initialFill(2 * settings.batch())
                .batch(settings.batch())
                .seed(settings.seed());
        out.printf(Locale.ROOT, "corpus %s: %d files, labels %s; batches of %d x %d frames, %d Hz mono, seed %d%n",
                root, corpus.size(), corpus.labels().names(), settings.batch(), settings.frame(), SAMPLE_RATE,
                settings.seed());

        AtomicLong made = new AtomicLong();
        Set<Batch> unreleased = ConcurrentHashMap.newKeySet();
        Flux<Batch> batches = pipeline.flux().doOnNext(batch -> {
            made.incrementAndGet();
            unreleased.add(batch);
        });
        Model model = new Model(corpus.labels().names().size());
        long start = System.nanoTime();
        int step = 0;
        try (BatchIterator it = BatchIterator.of(batches, PREFETCH)) {
            while (step < settings.steps() && it.hasNext()) {
                try (Batch batch = it.next()) {
                    step++;
                    double[] rms = rms(batch);
                    double loss = model.train(batch.labels(), rms);
                    if (step == 1 || step % LOG_EVERY == 0 || step == settings.steps()) {
                        out.printf(Locale.ROOT, "step %4d  shape %s  labels %s  rms %.4f  loss %.6f%n", step,
                                Arrays.toString(batch.shape()), Arrays.toString(batch.labels()),
                                Arrays.stream(rms).average().orElse(0), loss);
                    }
                }
                unreleased.removeIf(Batch::isReleased);
            }
        }
        awaitReleased(unreleased);
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = new Result(step, made.get(), unreleased.size());
        out.printf(Locale.ROOT, "%d steps in %.2f s (%.1f steps/s); decode: %s%n", step, seconds, step / seconds,
                report);
        if (result.unreleased() == 0) {
            out.printf(Locale.ROOT, "released all %d batches the pipeline made%n", result.batchesMade());
        } else {
            out.printf(Locale.ROOT, "LEAK: %d of the %d batches the pipeline made were not released%n",
                    result.unreleased(), result.batchesMade());
        }
        out.flush();
        return result;
    }

    /** Each item's RMS level; an item is a contiguous run of T x C samples in either layout. */
    private static double[] rms(Batch batch) {
        FloatBuffer audio = batch.audio();
        int samples = batch.frames() * batch.channels();
        double[] levels = new double[batch.size()];
        for (int b = 0; b < levels.length; b++) {
            double sum = 0;
            for (int i = b * samples; i < (b + 1) * samples; i++) {
                float x = audio.get(i);
                sum += x * x;
            }
            levels[b] = Math.sqrt(sum / samples);
        }
        return levels;
    }

    /**
     * Waits up to a second for the batches still counted: one whose emission was under way when
     * the loop closed the iterator reaches it just after, and the iterator releases it then.
     */
    private static void awaitReleased(Set<Batch> batches) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        batches.removeIf(Batch::isReleased);
        while (!batches.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            batches.removeIf(Batch::isReleased);
        }
    }

    /** The stand-in for a model: a running mean of the RMS level per label. */
    private static final class Model {

        private final double[] meanRms;

        Model(int labels) {
            meanRms = new double[labels];
        }

        /** Moves each item's label mean towards its level; returns the mean squared distance before the move. */
        double train(int[] labels, double[] rms) {
            double loss = 0;
            for (int b = 0; b < labels.length; b++) {
                double error = rms[b] - meanRms[labels[b]];
                loss += error * error;
                meanRms[labels[b]] += LEARNING_RATE * error;
            }
            return loss / labels.length;
        }
    }
}
