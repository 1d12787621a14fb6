package io.reactiveaudio.examples.cli;

import io.reactiveaudio.examples.live.LatencyHistogram;
import io.reactiveaudio.examples.live.LoadGenerator;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.live.LiveFeatures;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.Overflow;
import io.reactiveaudio.live.PushSource;
import io.reactiveaudio.netty.ingest.IngestStream;
import io.reactiveaudio.netty.ingest.PcmEncoding;
import io.reactiveaudio.netty.ingest.TcpIngest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.netty.resources.LoopResources;

/**
 * {@code reactive-audio live-load}: how many live streams this machine sustains. A load generator
 * sends N real-time 16-bit mono streams over loopback TCP to the live ingest endpoint; each stream
 * is turned into streaming log-mel features; the end-to-end latency of every feature block is
 * measured from the moment its last sample was sent by the schedule (so a late generator counts
 * against us) to the moment the block is emitted. Reports percentiles, drops and memory.
 *
 * <p>Drops are judged from the sources' counters once every stream has drained: the generator
 * stops, each connection's end completes its source after the bytes received, and only then are
 * sent, received, delivered and lost frames compared. The load is sustained when p99 is under
 * {@link #P99_BOUND_MS}, nothing was lost, skipped or ignored, and every frame sent was delivered.
 * The {@code --json} fields are described in {@code docs/live.md}.
 *
 * <p>Stop-the-world pauses stall the generator and every stream at once; on 2 cores the best runs
 * used a fixed heap and young generation with the parallel collector:
 * {@code java -XX:+UseParallelGC -Xms512m -Xmx512m -Xmn320m -jar reactive-audio.jar live-load}.
 */
@Command(name = "live-load",
        description = "Load test of live ingestion: N real-time PCM streams over loopback, streaming log-mel "
                + "features per stream, end-to-end latency percentiles, drops and memory. Suggested JVM flags on "
                + "2 cores: -XX:+UseParallelGC -Xms512m -Xmx512m -Xmn320m.")
final class LiveLoadCommand implements Callable<Integer> {

    /** The p99 latency a sustained load stays under, in milliseconds. */
    static final double P99_BOUND_MS = 50;

    /** How long the streams get to deliver what was sent once the generator stops. */
    private static final int DRAIN_SECONDS = 30;

    @Option(names = "--streams", defaultValue = "500", description = "Concurrent streams (default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate", defaultValue = "16000", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--chunk-ms", defaultValue = "20", description = "Milliseconds per sent chunk (default ${DEFAULT-VALUE}).")
    int chunkMs;

    @Option(names = "--features", defaultValue = "logmel", description = "logmel (default) or none (chunks only).")
    String features;

    @Option(names = "--n-fft", defaultValue = "400", description = "FFT size in samples (default ${DEFAULT-VALUE}).")
    int nFft;

    @Option(names = "--hop-length", defaultValue = "160", description = "Hop in samples (default ${DEFAULT-VALUE}).")
    int hopLength;

    @Option(names = "--n-mels", defaultValue = "80", description = "Mel bands (default ${DEFAULT-VALUE}).")
    int nMels;

    @Option(names = "--io-threads", description = "Event loops reading the connections (default: the cores, "
            + "at least 1).")
    Integer ioThreads;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    boolean json;

    @Mixin
    KafkaLoad kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (kafka.enabled()) {
            return kafka.run(this);
        }
        boolean logMel = switch (features) {
            case "logmel" -> true;
            case "none" -> false;
            default -> throw new ParameterException(spec.commandLine(),
                    "--features: logmel or none, got " + features);
        };
        int chunk = rate * chunkMs / 1000;
        LiveFormat format = LiveFormat.mono(rate);
        LogMel extractor = LogMel.builder().sampleRate(rate).nFft(nFft).hopLength(hopLength).nMels(nMels)
                .center(false).withoutTopDb().build();
        LatencyHistogram latency = new LatencyHistogram();
        LongAdder frames = new LongAdder();
        List<PushSource> sources = new ArrayList<>();
        List<Disposable> consumers = new ArrayList<>();
        CountDownLatch drained = new CountDownLatch(streams);
        BlockingQueue<IngestStream> accepted = new LinkedBlockingQueue<>();
        PrintWriter err = spec.commandLine().getErr();
        int loopCount = ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors();
        if (loopCount < 1) {
            throw new ParameterException(spec.commandLine(), "--io-threads must be at least 1, got " + loopCount);
        }
        LoopResources loops = LoopResources.create("live-ingest", loopCount, true);
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, format, PcmEncoding.S16LE)
                .runOn(loops)
                .sources(f -> PushSource.builder(f).capacity(Duration.ofSeconds(1)).overflow(Overflow.DROP_OLDEST))
                .maxConnections(streams)
                .bind();
                LoadGenerator generator = new LoadGenerator(rate, chunk)) {
            Disposable acceptor = server.streams().subscribe(accepted::add);
            long[] measureFrom = {Long.MAX_VALUE};
            for (int s = 0; s < streams; s++) {
                generator.connect(server.port());
                IngestStream stream = accepted.poll(10, TimeUnit.SECONDS);
                if (stream == null) {
                    throw new IllegalStateException("connection " + s + " was not accepted within 10 s");
                }
                int index = s;
                sources.add(stream.source());
                if (logMel) {
                    consumers.add(stream.source().flux().transform(LiveFeatures.of(extractor)).subscribe(block -> {
                        long now = System.nanoTime();
                        long last = block.streamStart()
                                + (block.frames().firstFrame() + block.frames().frames() - 1) * hopLength + nFft - 1;
                        long sent = generator.sendNanos(index, last / chunk);
                        if (sent >= measureFrom[0]) {
                            latency.record(now - sent);
                        }
                        frames.add(block.frames().frames());
                    }, error -> drained.countDown(), drained::countDown));
                } else {
                    consumers.add(stream.source().flux().subscribe(c -> {
                        long sent = generator.sendNanos(index, (c.end() - 1) / chunk);
                        if (sent >= measureFrom[0]) {
                            latency.record(System.nanoTime() - sent);
                        }
                        frames.add(c.frames());
                    }, error -> drained.countDown(), drained::countDown));
                }
            }
            generator.start(TimeUnit.MILLISECONDS.toNanos(200));
            measureFrom[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
            long cpuFrom = ProcessMemory.cpuNanos();
            for (int t = 1; t <= warmup + seconds; t++) {
                Thread.sleep(1_000);
                if (t == warmup) {
                    cpuFrom = ProcessMemory.cpuNanos();
                }
                if (!json) {
                    err.printf(Locale.ROOT, "\r%3d s  %d streams  p99 %.1f ms  max %.1f ms  generator lag %.1f ms   ",
                            t, streams, latency.percentileMillis(0.99), latency.maxMillis(), generator.maxLagMillis());
                    err.flush();
                }
            }
            double cores = (ProcessMemory.cpuNanos() - cpuFrom) / (seconds * 1e9);
            generator.close();
            boolean complete = drained.await(DRAIN_SECONDS, TimeUnit.SECONDS);
            LiveStats.Counts total = sources.stream().map(s -> s.stats().snapshot())
                    .reduce(LiveStats.Counts.ZERO, LiveStats.Counts::plus);
            consumers.forEach(Disposable::dispose);
            acceptor.dispose();
            report(total, complete, latency, frames.sum(), generator, logMel, cores);
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
        return 0;
    }

    private void report(LiveStats.Counts total, boolean complete, LatencyHistogram latency, long frames,
            LoadGenerator generator, boolean logMel, double cores) {
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        long rssMb = ProcessMemory.peakRssMegabytes();
        long lost = total.lostFrames();
        long gaps = total.gaps();
        long sent = generator.sentFrames();
        boolean sustained = complete && latency.count() > 0 && lost == 0 && gaps == 0 && total.ignoredBytes() == 0
                && total.receivedFrames() == sent && total.deliveredFrames() == sent
                && latency.percentileMillis(0.99) < P99_BOUND_MS;
        String line = JsonLine.of(g -> {
            g.writeNumberField("streams", streams);
            g.writeNumberField("seconds", seconds);
            g.writeStringField("features", logMel ? "logmel" : "none");
            g.writeNumberField("chunk_ms", chunkMs);
            g.writeNumberField("latency_count", latency.count());
            g.writeNumberField("latency_p50_ms", latency.percentileMillis(0.50));
            g.writeNumberField("latency_p99_ms", latency.percentileMillis(0.99));
            g.writeNumberField("latency_p999_ms", latency.percentileMillis(0.999));
            g.writeNumberField("latency_max_ms", latency.maxMillis());
            g.writeNumberField("sent_frames", sent);
            g.writeNumberField("received_frames", total.receivedFrames());
            g.writeNumberField("delivered_frames", total.deliveredFrames());
            g.writeNumberField("lost_frames", lost);
            g.writeNumberField("dropped_frames", total.droppedFrames());
            g.writeNumberField("ignored_bytes", total.ignoredBytes());
            g.writeBooleanField("drained", complete);
            g.writeNumberField("gaps", gaps);
            g.writeNumberField("gap_frames", total.gapFrames());
            g.writeNumberField("output_units", frames);
            g.writeNumberField("generator_max_lag_ms", generator.maxLagMillis());
            g.writeNumberField("cpu_cores", Math.round(cores * 100) / 100.0);
            g.writeNumberField("heap_used_mb", heapMb);
            g.writeNumberField("peak_rss_mb", rssMb);
            g.writeStringField("gc", GcStats.names());
            g.writeNumberField("gc_count", GcStats.count());
            g.writeNumberField("gc_ms", GcStats.millis());
            g.writeBooleanField("sustained", sustained);
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(line);
        } else {
            out.printf(Locale.ROOT, "%n%d streams x %d s (%s): latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, "
                            + "max %.1f ms; sent %d frames, received %d, delivered %d, lost %d, %d gaps%s; "
                            + "generator lag max %.1f ms; %.2f cores busy; heap %d MB, peak RSS %d MB; "
                            + "%s: %d collections, %d ms%n%s%n",
                    streams, seconds, logMel ? "log-mel" : "chunks", latency.percentileMillis(0.5),
                    latency.percentileMillis(0.99), latency.percentileMillis(0.999), latency.maxMillis(), sent,
                    total.receivedFrames(), total.deliveredFrames(), lost, gaps, complete ? "" : " (not drained)",
                    generator.maxLagMillis(), cores, heapMb, rssMb, GcStats.names(), GcStats.count(), GcStats.millis(),
                    sustained ? "SUSTAINED: p99 under 50 ms, nothing lost" : "NOT SUSTAINED");
        }
        out.flush();
    }
}
