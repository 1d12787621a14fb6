package io.reactiveaudio.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.examples.live.LatencyHistogram;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.features.stage.BatchFeatures;
import io.reactiveaudio.live.CaptureSource;
import io.reactiveaudio.live.LiveBatcher;
import io.reactiveaudio.live.LiveFeatureBlock;
import io.reactiveaudio.live.LiveFeatures;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveSource;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.LiveWindow;
import io.reactiveaudio.live.LiveWindows;
import io.reactiveaudio.live.Overflow;
import io.reactiveaudio.live.PushSource;
import io.reactiveaudio.netty.ingest.HttpMp3Source;
import io.reactiveaudio.netty.ingest.LiveMeters;
import io.reactiveaudio.netty.ingest.PcmEncoding;
import io.reactiveaudio.netty.ingest.TcpIngest;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.MetricsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import io.reactiveaudio.kafka.KafkaIngestion;
import io.reactiveaudio.kafka.KafkaResultSink;
import io.reactiveaudio.kafka.KafkaStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code reactive-audio live}: ingests live audio from a TCP endpoint (one stream per connection,
 * raw PCM), an HTTP MP3 stream or the capture device, cuts it into windows or streaming log-mel
 * features, and shows a status line: streams, audio rate, latency from arrival to hand-over, drops.
 * With {@code --serve PORT} the windows of every input (or their log-mel features) are batched and
 * served to remote trainers as one shared live stream instead: nothing is consumed until the
 * first trainer connects, and trainers that stop reading leave the inputs to their overflow
 * strategy; the live counters, summed and per stream, join the server's {@code /metrics}. The
 * {@code --json} line and the metrics are described in {@code docs/live.md}.
 */
@Command(name = "live",
        description = "Live ingestion: --listen tcp://HOST:PORT (raw PCM, one stream per connection), an http:// "
                + "MP3 stream, the capture device, or --kafka HOST:PORT --topic T --group G; windows or streaming "
                + "log-mel with a status line, or served to remote trainers with --serve.")
final class LiveCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "tcp://HOST:PORT|http://URL|device",
            description = "Where the audio comes from (or --kafka).")
    String listen;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", defaultValue = "16000", description = "Sample rate in Hz (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--channels", defaultValue = "1", description = "Channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--encoding", defaultValue = "s16le", description = "TCP sample encoding: s16le (default) or f32le.")
    String encoding;

    @Option(names = "--window", defaultValue = "1s", converter = Seconds.class,
            description = "Window length (default ${DEFAULT-VALUE}), for --features none.")
    double window;

    @Option(names = "--hop", defaultValue = "0.5s", converter = Seconds.class,
            description = "Hop between windows (default ${DEFAULT-VALUE}).")
    double hop;

    @Option(names = "--features", defaultValue = "logmel", description = "logmel (default; streaming, "
            + "n_fft 400, hop 160, 80 mels at 16 kHz scaled to the rate) or none (windows).")
    String features;

    @Option(names = "--overflow", defaultValue = "block", description = "block (default), drop-oldest, "
            + "drop-newest, latest or error.")
    String overflow;

    @Option(names = "--capacity", defaultValue = "2s", converter = Seconds.class,
            description = "Buffer per stream (default ${DEFAULT-VALUE}).")
    double capacity;

    @Option(names = "--max-latency", converter = Seconds.class,
            description = "Drop chunks that waited longer than this (e.g. 200ms); none by default.")
    Double maxLatency;

    @Option(names = "--seconds", converter = Seconds.class, description = "Stop after this long (default: never).")
    Double seconds;

    @Option(names = "--json", description = "At the end, one JSON line of totals.")
    boolean json;

    @Option(names = "--serve", paramLabel = "PORT", description = "Serve the windows (or their log-mel features) "
            + "to remote trainers on this port of 127.0.0.1 (0: any free port), as shared stream --stream: batches of "
            + "--batch windows of every input stream, each batch to one trainer.")
    Integer servePort;

    @Option(names = "--stream", defaultValue = "live", description = "Name of the served stream (default ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--batch", defaultValue = "8", description = "Windows per served batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-delay", defaultValue = "100ms", converter = Seconds.class,
            description = "Most time a served batch waits for its last window (default ${DEFAULT-VALUE}).")
    double maxDelay;

    @Option(names = "--max-trainers", defaultValue = "8", description = "Trainers served at once (default ${DEFAULT-VALUE}).")
    int maxTrainers;

    @Option(names = "--metrics-port", paramLabel = "M", description = "/health and /metrics (Prometheus) on this port "
            + "of 127.0.0.1 (0: any free port): the live counters, with --kafka the Kafka counters and each partition's "
            + "lag, with --serve the server's meters too.")
    Integer metricsPort;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --serve: file whose first line is the "
            + "trainers' bearer token.")
    Path tokenFile;

    @Spec
    CommandSpec spec;

    /** Input streams batched together at once: TcpIngest's default connection cap. */
    private static final int MAX_INPUTS = 1024;
    /** Batches each trainer may have granted and not yet received. */
    private static final int MAX_CREDIT = 4;

    /**
     * One input stream: its number (the source index of its windows in served batches), its name
     * (the {@code stream} of {@code /metrics} and {@code --json}) and its source.
     */
    private record Input(long index, String id, LiveSource source) {
    }

    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder outputs = new LongAdder();
    private final AtomicLong numbers = new AtomicLong();
    private final List<Input> inputs = new CopyOnWriteArrayList<>();
    private final List<LiveSource> sources = new CopyOnWriteArrayList<>();
    private final List<Disposable> consumers = new CopyOnWriteArrayList<>();
    /** With --kafka: the Kafka stream of each input, by input number. */
    private final Map<Long, KafkaStream> kafkaStreams = new ConcurrentHashMap<>();
    private KafkaIngestion ingestion;
    private KafkaMeters kafkaMeters;
    private KafkaResultSink sink;
    /** The live counters of every input, for /metrics; null without --metrics-port. */
    private LiveMeters liveMeters;

    @Override
    public Integer call() throws Exception {
        LiveFormat format = new LiveFormat(rate, channels);
        Overflow strategy = overflow();
        PushSource.Builder buffer = PushSource.builder(format)
                .capacity(Duration.ofNanos((long) (capacity * 1e9))).overflow(strategy);
        PushSource.Builder settings = maxLatency == null ? buffer
                : buffer.maxLatency(Duration.ofNanos((long) (maxLatency * 1e9)));
        PrintWriter err = spec.commandLine().getErr();
        AutoCloseable endpoint = null;
        Flux<Input> arriving;
        if (kafka.enabled() == (listen != null)) {
            throw new ParameterException(spec.commandLine(), "give either --listen or --kafka");
        }
        if (kafka.exactlyOnce && (kafka.outTopic == null || servePort != null || !features.equals("logmel"))) {
            throw new ParameterException(spec.commandLine(), "--exactly-once publishes the log-mel: it needs --out-topic "
                    + "and --features logmel, without --serve");
        }
        if (kafka.enabled()) {
            sink = kafka.sink();
            ingestion = kafka.start(f -> f.equals(format) ? settings : PushSource.builder(f)
                    .capacity(Duration.ofNanos((long) (capacity * 1e9))).overflow(strategy), sink);
            kafkaMeters = new KafkaMeters(ingestion);
            err.printf(Locale.ROOT, "reading topic %s from %s as group %s%s%n", kafka.topic, kafka.bootstrap,
                    kafka.group, kafka.outTopic == null ? "" : ", publishing log-mel to " + kafka.outTopic
                            + (kafka.exactlyOnce ? " exactly once" : ""));
            err.flush();
            arriving = ingestion.streams().map(stream -> {
                Input input = input(stream.id(), stream.source());
                kafkaStreams.put(input.index(), stream);
                return input;
            });
            endpoint = ingestion;
        } else if (listen.startsWith("tcp://")) {
            URI uri = URI.create(listen);
            TcpIngest.IngestServer server = TcpIngest.on(uri.getHost(), uri.getPort(), format,
                            parseEncoding())
                    .sources(f -> settings)
                    .bind();
            err.printf(Locale.ROOT, "listening on tcp://%s:%d for %d Hz, %d channel %s%n", uri.getHost(), server.port(),
                    rate, channels, encoding);
            err.flush();
            arriving = server.streams().map(stream -> input(stream.id(), stream.source()));
            endpoint = server;
        } else if (listen.startsWith("http://") || listen.startsWith("https://")) {
            arriving = Flux.defer(() -> Flux.just(input(listen, HttpMp3Source.of(listen, settings.build()))));
        } else if (listen.equals("device")) {
            arriving = Flux.defer(() -> Flux.just(input("device",
                    CaptureSource.device(settings.build(), Math.max(1, rate / 50)))));
        } else {
            throw new ParameterException(spec.commandLine(), "--listen: tcp://HOST:PORT, http://URL or device, got "
                    + listen);
        }
        if (metricsPort != null) {
            liveMeters = LiveMeters.of(sources);
        }
        AudioServer trainers = null;
        MetricsServer metrics = null;
        if (servePort != null) {
            trainers = serve(arriving, err);
        } else {
            if (metricsPort != null) {
                metrics = MetricsServer.bindNow("127.0.0.1", metricsPort, kafkaMeters == null ? List.of(liveMeters)
                        : List.of(liveMeters, kafkaMeters));
                announceMetrics(err, metrics.port());
            }
            consumers.add(arriving.subscribe(this::consume));
        }
        try {
            long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
            int announced = 0;
            while (System.nanoTime() < deadline) {
                Thread.sleep(Math.min(1_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                announced = announce(err, announced);
                if (kafkaMeters != null) {
                    kafkaMeters.update();
                }
                if (!json) {
                    status(err);
                }
            }
        } finally {
            consumers.forEach(Disposable::dispose);
            if (trainers != null) {
                trainers.dispose();
            }
            if (metrics != null) {
                metrics.dispose();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            if (sink != null) {
                sink.close();
            }
        }
        summary();
        return 0;
    }

    /** A new input, numbered, counted in the totals and named in the report. */
    private Input input(String id, LiveSource source) {
        Input input = new Input(numbers.getAndIncrement(), id, source);
        inputs.add(input);
        sources.add(source);
        return input;
    }

    /**
     * Serves the windows of every input, batched, or their log-mel features, as one shared live
     * stream; the latency recorded is, for every window, from the arrival of the chunk that
     * completed it to the moment its batch (or feature batch) is handed to the server.
     */
    private AudioServer serve(Flux<Input> arriving, PrintWriter err) throws IOException {
        LiveMeters meters = liveMeters == null ? LiveMeters.of(sources) : liveMeters;
        Flux<LiveWindow> windows = arriving.flatMap(input -> {
            meters.addStream(input.id(), input.source());
            return input.source().flux().transform(LiveWindows.seconds(window, hop))
                    .map(w -> w.inStream(input.index()))
                    .doFinally(signal -> meters.removeStream(input.id()));
        }, MAX_INPUTS, 1);
        int pool = maxTrainers * MAX_CREDIT + 2;
        Flux<Batch> batches = windows.transform(LiveBatcher.of(batch).poolSize(pool)
                .maxDelay(Duration.ofNanos((long) (maxDelay * 1e9))));
        AudioServer.Builder builder = AudioServer.builder().port(servePort).maxConnections(maxTrainers)
                .maxCredit(MAX_CREDIT).meters(meters);
        if (kafkaMeters != null) {
            builder = builder.meters(kafkaMeters);
        }
        builder = features.equals("logmel")
                ? builder.liveFeatureStream(stream, batches.transform(BatchFeatures.of(logMel()).poolSize(pool))
                        .doOnNext(this::handedOver))
                : builder.liveStream(stream, batches.doOnNext(this::handedOver));
        if (tokenFile != null) {
            builder = builder.token(Files.readAllLines(tokenFile, StandardCharsets.UTF_8).get(0).strip());
        }
        if (metricsPort != null) {
            builder = builder.metricsPort(metricsPort);
        }
        AudioServer server = builder.bindNow();
        err.printf(Locale.ROOT, "serving %s (%s, batches of %d windows of %s s) to trainers on 127.0.0.1:%d%n", stream,
                features.equals("logmel") ? "log-mel" : "audio", batch, window, server.port());
        if (server.metricsPort() >= 0) {
            announceMetrics(err, server.metricsPort());
        }
        err.flush();
        return server;
    }

    private static void announceMetrics(PrintWriter err, int port) {
        err.printf(Locale.ROOT, "health and metrics on http://127.0.0.1:%d/health and /metrics%n", port);
        err.flush();
    }

    /** Names the inputs after the first {@code announced} on stderr; returns how many are named. */
    private int announce(PrintWriter err, int announced) {
        for (int i = announced; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            err.printf(Locale.ROOT, "%sstream %d: %s%n", json ? "" : "\r", input.index(), input.id());
        }
        err.flush();
        return inputs.size();
    }

    /** Records, for each item of a batch handed to the server, the time since its window's arrival. */
    private void handedOver(PooledBatch handed) {
        long now = System.nanoTime();
        for (long arrival : handed.arrivalNanos().orElseThrow()) {
            latency.record(now - arrival);
        }
        outputs.increment();
    }

    private void consume(Input input) {
        LiveSource source = input.source();
        if (liveMeters != null) {
            liveMeters.addStream(input.id(), source);
        }
        Flux<Long> arrivals;
        if (sink != null && features.equals("logmel")) {
            LogMel extractor = logMel();
            consumers.add(KafkaOptions.publish(sink, kafkaStreams.get(input.index()), source.flux()
                    .transform(LiveFeatures.of(extractor)).doOnNext(block -> {
                        latency.record(System.nanoTime() - block.arrivalNanos());
                        outputs.increment();
                    }), extractor.stft().hopLength(), spec.commandLine().getErr()));
            return;
        }
        if (features.equals("logmel")) {
            arrivals = source.flux().transform(LiveFeatures.of(logMel())).map(LiveFeatureBlock::arrivalNanos);
        } else {
            arrivals = source.flux().transform(LiveWindows.seconds(window, hop)).map(LiveWindow::arrivalNanos);
        }
        consumers.add(arrivals.subscribe(arrival -> {
            latency.record(System.nanoTime() - arrival);
            outputs.increment();
        }, error -> spec.commandLine().getErr().println("stream failed: " + error.getMessage())));
    }

    /** n_fft 400, hop 160, 80 mels at 16 kHz, scaled to the rate; no centring, no top_db. */
    private LogMel logMel() {
        int scale = Math.max(1, Math.round(rate / 16_000f));
        return LogMel.builder().sampleRate(rate).nFft(400 * scale).hopLength(160 * scale).nMels(80)
                .center(false).withoutTopDb().build();
    }

    private Overflow overflow() {
        return switch (overflow) {
            case "block" -> Overflow.BLOCK;
            case "drop-oldest" -> Overflow.DROP_OLDEST;
            case "drop-newest" -> Overflow.DROP_NEWEST;
            case "latest" -> Overflow.LATEST;
            case "error" -> Overflow.ERROR;
            default -> throw new ParameterException(spec.commandLine(),
                    "--overflow: block, drop-oldest, drop-newest, latest or error, got " + overflow);
        };
    }

    private PcmEncoding parseEncoding() {
        try {
            return PcmEncoding.parse(encoding);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--encoding: " + e.getMessage());
        }
    }

    /** Counters summed over every stream. */
    private LiveStats.Counts totals() {
        return sources.stream().map(s -> s.stats().snapshot()).reduce(LiveStats.Counts.ZERO, LiveStats.Counts::plus);
    }

    private void status(PrintWriter err) {
        LiveStats.Counts c = totals();
        err.printf(Locale.ROOT, "\r%d streams  %.1f s of audio  %d outputs  latency p50 %.1f ms p99 %.1f ms  "
                        + "dropped %d  late %d  gaps %d  ignored %d B   ", sources.size(),
                c.receivedFrames() / (double) rate, outputs.sum(), latency.percentileMillis(0.5),
                latency.percentileMillis(0.99), c.droppedFrames(), c.lateFrames(), c.gaps(), c.ignoredBytes());
        if (ingestion != null) {
            err.print(KafkaOptions.lag(ingestion));
        }
        err.flush();
    }

    /** The --json line (fields in {@code docs/live.md}): totals, latency, and the same counts per stream. */
    private void summary() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonLine.of(g -> {
                g.writeNumberField("streams", sources.size());
                g.writeNumberField("outputs", outputs.sum());
                g.writeNumberField("latency_count", latency.count());
                g.writeNumberField("latency_p50_ms", latency.percentileMillis(0.5));
                g.writeNumberField("latency_p99_ms", latency.percentileMillis(0.99));
                g.writeNumberField("latency_max_ms", latency.maxMillis());
                counts(g, totals());
                g.writeArrayFieldStart("per_stream");
                for (Input input : inputs) {
                    g.writeStartObject();
                    g.writeNumberField("index", input.index());
                    g.writeStringField("stream", input.id());
                    counts(g, input.source().stats().snapshot());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }));
        } else {
            out.println();
        }
        out.flush();
    }

    /** The counters of one stream, or of all, as JSON fields. */
    private static void counts(JsonGenerator g, LiveStats.Counts c) throws IOException {
        g.writeNumberField("received_frames", c.receivedFrames());
        g.writeNumberField("delivered_frames", c.deliveredFrames());
        g.writeNumberField("dropped_frames", c.droppedFrames());
        g.writeNumberField("dropped_chunks", c.droppedChunks());
        g.writeNumberField("late_frames", c.lateFrames());
        g.writeNumberField("out_of_order_frames", c.outOfOrderFrames());
        g.writeNumberField("gaps", c.gaps());
        g.writeNumberField("gap_frames", c.gapFrames());
        g.writeNumberField("ignored_bytes", c.ignoredBytes());
        g.writeNumberField("overruns", c.overruns());
        g.writeNumberField("buffered_frames", c.bufferedFrames());
        g.writeNumberField("max_buffered_frames", c.maxBufferedFrames());
    }
}
