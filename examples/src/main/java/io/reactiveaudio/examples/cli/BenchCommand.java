package io.reactiveaudio.examples.cli;

import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.cache.CacheStats;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Autotune;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.pipeline.MemoryEstimate;
import io.reactiveaudio.pipeline.SpeechPreset;
import io.reactiveaudio.pipeline.WindowPrecision;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

/**
 * {@code reactive-audio bench [DIR]}: runs the training pipeline (decode, 44.1 kHz stereo, random
 * prepend, shuffle window, batches) and measures it the way the PyTorch peer does: first-batch
 * latency, batches/s and samples/s after a warm-up, peak RSS, and a checksum of every batch's bytes.
 */
@Command(name = "bench", description = "Measures the training pipeline on DIR (default: the built-in demo corpus, "
        + "with small frames and batches).")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Corpus folder (all MP3/WAV/FLAC below it).")
    Path dir;

    @Mixin
    PipelineOptions options;

    @Option(names = "--initial-fill", paramLabel = "N", description = "Segments in the window before the first one "
            + "leaves; the window then grows to --buffer (default 8, capped at the window).")
    Integer initialFill;

    @Option(names = "--growth", defaultValue = "10", description = "While the window grows, one arrival in N only "
            + "joins it, the others emit (default 10).")
    int growth;

    @Option(names = "--lanes", defaultValue = "8", description = "Files decoded side by side and merged round-robin; "
            + "part of the order, unlike --decode-threads (default 8).")
    int lanes;

    @Option(names = "--window-precision", defaultValue = "float32", description = "float32, or int16 for half the "
            + "window's memory (16-bit rounding).")
    String windowPrecision;

    @Option(names = "--warmup", defaultValue = "5", description = "Batches before timing starts, the first included (default 5).")
    int warmup;

    @Option(names = "--batches", defaultValue = "50", description = "Timed batches (default 50).")
    int batches;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default 0).")
    long seed;

    @Option(names = "--decode-threads", paramLabel = "N|auto", defaultValue = "auto", description = "Files decoding "
            + "at once: a number, or auto (default) to let the autotuner pick it from the measured batch rate while "
            + "the run goes, from the cores up to the lanes.")
    String decodeThreads;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--augment", paramLabel = "CHAIN", defaultValue = "none", description = "Augmentation after the "
            + "shuffle window: none (default), default (gain, Gaussian noise, polarity, shift, low-pass) or "
            + "default+speed (and speed perturbation 0.9/1.0/1.1); see docs/augmentations.md.")
    String augment;

    @Mixin
    DecoderOption decoder;

    @Mixin
    PresetOption preset;

    @Mixin
    FeatureOptions featureOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (options.readsShards()) {
            return run(null, false);
        }
        return DemoCorpus.runOn(dir, root -> run(root, dir == null));
    }

    private int run(Path root, boolean demo) {
        long listStart = System.nanoTime();
        SourceSet corpus = root == null ? options.shardSources() : Sources.directory(root).scan();
        double listSeconds = (System.nanoTime() - listStart) / 1e9;
        SpeechPreset speech = preset.given() ? preset.speech(null, options, featureOptions) : null;
        int f = speech != null ? speech.segmentFrames() : options.frame(demo);
        int b = speech != null ? speech.batch() : options.batch(demo);
        int window = speech != null ? speech.shuffle() : options.buffer(demo);
        boolean auto = decodeThreads.equalsIgnoreCase("auto");
        Decode decode = options.decode((auto ? Decode.defaults() : Decode.defaults().concurrency(threadCount()))
                .decoders(decoder.decoders()));
        Autotune tuner = Autotune.create();
        DecodedAudioCache cache = options.cache();
        AudioPipeline decoded = AudioPipeline.from(corpus).decode(decode).autotune(tuner)
                .conform(44_100, ChannelPolicy.stereo());
        AudioPipeline pipeline = options.batches(decoded, demo, cache).seed(seed);
        if (speech != null) {
            pipeline = pipeline.preset(speech);
        }
        BenchAugmentation augmentation = augmentation();
        if (augmentation.chain().isPresent()) {
            pipeline = pipeline.augment(augmentation.chain().get());
        }
        int fill = initialFill != null ? initialFill : Math.min(8, window);
        WindowPrecision precision = WindowPrecision.valueOf(windowPrecision.toUpperCase(Locale.ROOT));
        pipeline = pipeline.initialFill(fill).growth(growth).lanes(lanes).windowPrecision(precision);

        MemoryEstimate estimate = pipeline.memoryEstimate();
        long memoryMb = estimate.total() >> 20;
        Optional<String> gcAdvice = WindowGcAdvice.of(window == 0 ? 0 : estimate.window() / window, window);
        if (!json) {
            gcAdvice.ifPresent(advice -> spec.commandLine().getErr().println("note: " + advice));
        }
        ProgressBar bar = progress.bar("bench", "batches", warmup + batches);
        CRC32C checksum = new CRC32C();
        RssPeaks rss = new RssPeaks();
        long startCpu = ProcessCpu.nanos(); // before the clock: the first call sets up JMX (about 20 ms)
        long start = System.nanoTime();
        double firstBatch = 0;
        double firstBatchCpu = 0;
        long timedStart = 0;
        long timedCpuStart = 0;
        long timedGcCount = 0;
        long timedGcMillis = 0;
        Flux<? extends PooledBatch> stream = speech != null ? pipeline.featureFlux() : pipeline.flux();
        Iterator<? extends PooledBatch> it = stream.take(warmup + batches).toIterable(2).iterator();
        for (int i = 0; i < warmup + batches; i++) {
            try (PooledBatch batch = it.next()) {
                checksum.update(batch.bytes());
            }
            rss.sample();
            if (i == 0) {
                firstBatch = (System.nanoTime() - start) / 1e9;
                firstBatchCpu = (ProcessCpu.nanos() - startCpu) / 1e9;
            }
            if (i == warmup - 1) {
                timedStart = System.nanoTime();
                timedCpuStart = ProcessCpu.nanos();
                timedGcCount = GcStats.count();
                timedGcMillis = GcStats.millis();
            }
            bar.step(i + 1, i < warmup ? "warm-up" : "timed");
        }
        bar.finish();
        double firstBatchSeconds = firstBatch;
        double firstBatchCpuSeconds = firstBatchCpu;
        double seconds = (System.nanoTime() - timedStart) / 1e9;
        double cpuPerBatch = (ProcessCpu.nanos() - timedCpuStart) / 1e9 / batches;
        double batchesPerSecond = batches / seconds;
        long gcCount = GcStats.count() - timedGcCount;
        double gcSeconds = (GcStats.millis() - timedGcMillis) / 1e3;
        long rssMb = ProcessMemory.peakRssMegabytes();
        int threads = auto ? tuner.chosenThreads() : decode.concurrency();
        List<Autotune.Trial> trials = tuner.trials();
        CacheStats cacheStats = cache == null ? null : cache.stats();
        DecodeReport report = decode.report();
        String line = JsonLine.of(g -> {
            g.writeStringField("corpus", root == null ? options.shards : root.toString());
            g.writeNumberField("files", corpus.size());
            g.writeStringField("preset", speech == null ? "none" : speech.toString());
            g.writeNumberField("frame", f);
            g.writeNumberField("batch", b);
            g.writeNumberField("buffer", window);
            g.writeNumberField("initial_fill", fill);
            g.writeNumberField("growth", growth);
            g.writeNumberField("lanes", lanes);
            g.writeStringField("window_precision", precision.name().toLowerCase(Locale.ROOT));
            g.writeStringField("augment", augmentation.cliName());
            g.writeNumberField("memory_estimate_mb", memoryMb);
            g.writeStringField("decoder", decoder.resolved());
            g.writeBooleanField("resample_in_decoder", decode.resampleInDecoder());
            g.writeNumberField("decode_threads", threads);
            g.writeBooleanField("decode_threads_auto", auto);
            if (auto) {
                g.writeArrayFieldStart("autotune_trials");
                for (Autotune.Trial t : trials) {
                    g.writeStartArray();
                    g.writeNumber(t.decodeThreads());
                    g.writeNumber(t.batchesPerSecond());
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeNumberField("batches", batches);
            g.writeNumberField("batches_per_s", batchesPerSecond);
            g.writeNumberField("samples_per_s", batchesPerSecond * b * f);
            g.writeNumberField("list_s", listSeconds);
            g.writeNumberField("first_batch_s", firstBatchSeconds);
            g.writeNumberField("first_batch_cpu_s", firstBatchCpuSeconds);
            g.writeNumberField("cpu_s_per_batch", cpuPerBatch);
            g.writeStringField("gc", GcStats.names());
            g.writeNumberField("gc_count", gcCount);
            g.writeNumberField("gc_s", gcSeconds);
            if (gcAdvice.isPresent()) {
                g.writeStringField("gc_advice", gcAdvice.get());
            }
            g.writeNumberField("peak_rss_mb", rssMb);
            g.writeNumberField("peak_rss_anon_mb", rss.anonMegabytes());
            g.writeNumberField("peak_rss_file_mb", rss.fileMegabytes());
            g.writeStringField("checksum", Long.toHexString(checksum.getValue()));
            g.writeNumberField("remote_retries", report.remoteRetries());
            g.writeNumberField("resumed_transfers", report.resumedTransfers());
            if (cacheStats != null) {
                g.writeBooleanField("cache_conformed", cache.storingConformed());
                g.writeNumberField("cache_disk_hits", cacheStats.diskHits());
                g.writeNumberField("cache_misses", cacheStats.misses());
                g.writeNumberField("cache_stored", cacheStats.storedOnDisk());
            }
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(line);
        } else {
            if (speech != null) {
                out.println("preset " + speech);
            }
            out.printf(Locale.ROOT, "%d files, frame %d, batch %d, buffer %d, augment %s, %d decode threads%s, "
                            + "decoder %s%s%n"
                            + "listed in %.2f s, first batch %.2f s, %.3f batches/s, %.0f samples/s (batch x frame), "
                            + "%.3f CPU s per batch, %d collections taking %.2f s, "
                            + "peak RSS %d MB (sampled after each batch: anonymous %d MB, file-backed %d MB), checksum %s%n", corpus.size(), f, b, window, augmentation.cliName(),
                    threads, auto ? " (autotuned)" : "", decoder.resolved(),
                    decode.resampleInDecoder() ? " (resampling in the decoder)" : "", listSeconds, firstBatch,
                    batchesPerSecond, batchesPerSecond * b * f, cpuPerBatch, gcCount, gcSeconds, rssMb,
                    rss.anonMegabytes(), rss.fileMegabytes(),
                    Long.toHexString(checksum.getValue()));
            if (report.remoteRetries() > 0) {
                out.printf(Locale.ROOT, "remote reads: %d retries (%d resumed transfers)%n", report.remoteRetries(),
                        report.resumedTransfers());
            }
            if (cacheStats != null) {
                out.printf(Locale.ROOT, "cache %s%s: %d files served from disk, %d decoded, %d stored%n",
                        options.cacheDir(), cache.storingConformed() ? " (conformed audio)" : "", cacheStats.diskHits(),
                        cacheStats.misses(), cacheStats.storedOnDisk());
            }
        }
        out.flush();
        return 0;
    }

    private BenchAugmentation augmentation() {
        try {
            return BenchAugmentation.named(augment);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int threadCount() {
        try {
            return Integer.parseInt(decodeThreads);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--decode-threads: a positive number or auto, got "
                    + decodeThreads);
        }
    }
}
