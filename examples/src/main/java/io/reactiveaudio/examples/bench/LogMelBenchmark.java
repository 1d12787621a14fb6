package io.reactiveaudio.examples.bench;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.mel.LogMel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Log-mel features of a batch against torchaudio's peer ({@code shared/peers/torch_features.py}:
 * {@code MelSpectrogram(n_fft=1024, hop_length=160, n_mels=80)} on a {@code (32, 160000)} float32
 * batch): the same settings plus dB with {@code top_db} 80, on 32 clips of 10 s at 16 kHz of
 * Gaussian noise (sigma 0.1, seeded), output {@code (32, 80, 1001)}. {@code batch} splits the 32
 * clips over {@code threads} threads, each with its own worker, as {@code BatchFeatures} does;
 * {@code clip} is one clip on one thread, which also prints its thread CPU time per clip after
 * each iteration (on a loaded machine wall time inflates, CPU time much less). Time per operation
 * in ms. Run:
 *
 * <pre>
 * java -cp examples/target/reactive-audio.jar org.openjdk.jmh.Main LogMelBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class LogMelBenchmark {

    /** Clips per batch. */
    public static final int ITEMS = 32;
    /** Samples per clip: 10 s at 16 kHz. */
    public static final int SAMPLES = 160_000;

    /** Threads computing the batch. */
    @Param("2")
    public int threads;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final FeatureExtractor logMel = LogMel.builder().nFft(1024).hopLength(160).nMels(80).topDb(80).build();
    private float[][] clips;
    private float[][] features;
    private ExecutorService pool;
    private ThreadLocal<FeatureExtractor.Worker> workers;
    private FeatureExtractor.Worker single;

    /** Makes the batch, the output arrays and the threads. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(0);
        clips = new float[ITEMS][SAMPLES];
        features = new float[ITEMS][logMel.bins() * logMel.frames(SAMPLES)];
        for (float[] clip : clips) {
            for (int i = 0; i < SAMPLES; i++) {
                clip[i] = (float) (0.1 * gaussian(random));
            }
        }
        pool = Executors.newFixedThreadPool(threads);
        workers = ThreadLocal.withInitial(logMel::newWorker);
        single = logMel.newWorker();
    }

    /** Stops the threads. */
    @TearDown
    public void tearDown() {
        pool.shutdownNow();
    }

    /** The whole batch, its clips split over the threads. */
    @Benchmark
    public float[][] batch() throws Exception {
        List<Future<?>> parts = new ArrayList<>(threads);
        for (int p = 0; p < threads; p++) {
            int from = p * ITEMS / threads;
            int to = (p + 1) * ITEMS / threads;
            parts.add(pool.submit(() -> {
                FeatureExtractor.Worker worker = workers.get();
                for (int b = from; b < to; b++) {
                    worker.compute(clips[b], 0, SAMPLES, features[b], 0, FeatureLayout.BINS_FRAMES);
                }
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        return features;
    }

    /** One clip on the benchmark thread, its thread CPU time counted in {@code cpu}. */
    @Benchmark
    public float[] clip(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        single.compute(clips[0], 0, SAMPLES, features[0], 0, FeatureLayout.BINS_FRAMES);
        cpu.add(THREADS.getCurrentThreadCpuTime() - start);
        return features[0];
    }

    /**
     * The benchmark thread's CPU time per clip, printed after each iteration as
     * {@code cpu ms per clip}: what a clip costs a core, whatever else runs on the machine.
     */
    @State(Scope.Thread)
    public static class CpuTime {
        private long nanos;
        private long clips;

        /** Starts an iteration's count. */
        @Setup(Level.Iteration)
        public void reset() {
            nanos = 0;
            clips = 0;
        }

        /** Prints the iteration's CPU time per clip. */
        @TearDown(Level.Iteration)
        public void print() {
            System.out.printf("cpu ms per clip: %.3f%n", nanos / 1e6 / Math.max(1, clips));
        }

        void add(long cpuNanos) {
            nanos += cpuNanos;
            clips++;
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
