package io.reactiveaudio.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reactiveaudio.examples.live.LatencyHistogram;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.kafka.KafkaAudioProducer;
import io.reactiveaudio.kafka.KafkaIngest;
import io.reactiveaudio.kafka.KafkaIngestStats;
import io.reactiveaudio.kafka.KafkaIngestion;
import io.reactiveaudio.kafka.KafkaStream;
import io.reactiveaudio.kafka.PartitionLag;
import io.reactiveaudio.kafka.SampleEncoding;
import io.reactiveaudio.live.LiveFeatures;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.PushSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Option;

/**
 * {@code live-load --kafka}: the live load through a Kafka topic. A generator sends N 16-bit mono
 * streams in real time (one record per chunk, keyed by stream) to a fresh topic; {@code --consumers}
 * processes of one consumer group (this one, and {@code --consumers - 1} child JVMs of the same jar)
 * share its partitions and compute streaming log-mel per stream. Latency runs from the moment the
 * generator's schedule sent the chunk that completed a feature block to the block's emission, on
 * the Unix clock of the one host (so the processes' clocks agree). The generator starts 3 s after
 * the command, plus 4 s for each child process, so that the group is formed (and its partitions
 * shared) before the first record: a rebalance during the load would end and restart streams.
 * With {@code --backlog} the
 * generator first writes all the audio as fast as it can and the consumers then read it: the
 * throughput in frames per second, to compare 1 and 2 processes. A picocli mixin of
 * {@code live-load}; fields in {@code docs/live.md}, "Kafka".
 */
final class KafkaLoad {

    private static final JsonFactory JSON = new JsonFactory();
    /** How long the consumers get to deliver what was sent once the generator stops. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Delivery must have stood still this long, with no lag left, to count as drained. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Send the streams through this Kafka broker "
            + "instead of loopback TCP (a fresh topic, --partitions partitions).")
    String bootstrap;

    @Option(names = "--consumers", defaultValue = "1", description = "With --kafka: consumer processes in the "
            + "group, this one and child JVMs (default ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--partitions", defaultValue = "8", description = "With --kafka: partitions of the topic "
            + "(default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--backlog", description = "With --kafka: write all the audio first, then measure how fast the "
            + "consumers read it (throughput) instead of real-time latency.")
    boolean backlog;

    @Option(names = "--kafka-topic", hidden = true, description = "The topic (set for child processes).")
    String topic;

    @Option(names = "--kafka-start-unix-ns", hidden = true, description = "The generator's start (child processes).")
    long startUnixNanos;

    /** The Unix time of {@link System#nanoTime()} 0, so latencies compare with other processes' clocks. */
    private final long unixOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    boolean enabled() {
        return bootstrap != null;
    }

    private long nowUnix() {
        return unixOffset + System.nanoTime();
    }

    /** Runs the load; the parent (no {@code --kafka-topic}) generates and reports every process. */
    int run(LiveLoadCommand load) throws Exception {
        if (consumers < 1 || partitions < 1) {
            throw new IllegalArgumentException("--consumers and --partitions must be at least 1");
        }
        PrintWriter out = load.spec.commandLine().getOut();
        if (topic != null) {
            out.println(consume(load, true));
            out.flush();
            return 0;
        }
        topic = "live-load-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        int chunk = load.rate * load.chunkMs / 1000;
        long chunks = (long) (load.warmup + load.seconds) * 1000 / load.chunkMs;
        long sent;
        double generatorLagMs;
        List<Process> children = new ArrayList<>();
        String own;
        if (backlog) {
            startUnixNanos = nowUnix();
            generatorLagMs = 0;
            sent = generate(load, chunk, chunks, false, new AtomicLong());
            children.addAll(startChildren(load));
            own = consume(load, false);
        } else {
            startUnixNanos = nowUnix() + TimeUnit.SECONDS.toNanos(3 + 4L * (consumers - 1));
            children.addAll(startChildren(load));
            AtomicLong lag = new AtomicLong();
            long[] sentFrames = new long[1];
            Thread generator = new Thread(() -> sentFrames[0] = generate(load, chunk, chunks, true, lag), "generator");
            generator.start();
            own = consume(load, false);
            generator.join();
            sent = sentFrames[0];
            generatorLagMs = lag.get() / 1e6;
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        reports.add(parse(own));
        for (Process child : children) {
            String line = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            child.waitFor(60, TimeUnit.SECONDS);
            String last = line.isEmpty() ? "{}" : line.substring(line.lastIndexOf('\n') + 1);
            reports.add(parse(last));
        }
        out.println(summary(load, sent, generatorLagMs, reports));
        out.flush();
        return 0;
    }

    private List<Process> startChildren(LiveLoadCommand load) throws IOException {
        List<Process> children = new ArrayList<>();
        Path jar = Path.of(URI_OF_JAR);
        for (int i = 1; i < consumers; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:+UseParallelGC", "-Xms256m", "-Xmx256m", "-cp", jar.toString(),
                    ReactiveAudioCli.class.getName(), "live-load", "--kafka", bootstrap, "--kafka-topic", topic,
                    "--kafka-start-unix-ns", Long.toString(startUnixNanos), "--streams", Integer.toString(load.streams),
                    "--seconds", Integer.toString(load.seconds), "--warmup", Integer.toString(load.warmup),
                    "--rate", Integer.toString(load.rate), "--chunk-ms", Integer.toString(load.chunkMs),
                    "--n-fft", Integer.toString(load.nFft), "--hop-length", Integer.toString(load.hopLength),
                    "--n-mels", Integer.toString(load.nMels), "--json"));
            if (backlog) {
                command.add("--backlog");
            }
            children.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        return children;
    }

    private static final String URI_OF_JAR = jarPath();

    private static String jarPath() {
        try {
            return Path.of(KafkaLoad.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends every stream's chunks, on schedule when {@code realTime}; returns the frames sent. */
    private long generate(LiveLoadCommand load, int chunk, long chunks, boolean realTime, AtomicLong maxLagNanos) {
        LiveFormat format = LiveFormat.mono(load.rate);
        float[] tone = new float[chunk];
        for (int i = 0; i < chunk; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / load.rate));
        }
        long chunkNanos = TimeUnit.MILLISECONDS.toNanos(load.chunkMs);
        long frames = 0;
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(bootstrap, topic, format, SampleEncoding.S16LE,
                Map.of("linger.ms", 2, "batch.size", 262_144))) {
            for (long k = 0; k < chunks; k++) {
                long due = startUnixNanos + k * chunkNanos;
                if (realTime) {
                    long wait = due - nowUnix();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } else {
                        maxLagNanos.accumulateAndGet(-wait, Math::max);
                    }
                }
                for (int s = 0; s < load.streams; s++) {
                    producer.send("stream-" + s, tone, due);
                    frames += chunk;
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return frames;
    }

    /** Consumes the topic as one member of the group until drained; its report as a JSON line. */
    private String consume(LiveLoadCommand load, boolean child) throws InterruptedException {
        int chunk = load.rate * load.chunkMs / 1000;
        long chunkNanos = TimeUnit.MILLISECONDS.toNanos(load.chunkMs);
        long measureFrom = startUnixNanos + TimeUnit.SECONDS.toNanos(load.warmup);
        long generatorEnd = startUnixNanos + TimeUnit.SECONDS.toNanos(load.warmup + load.seconds);
        LogMel extractor = LogMel.builder().sampleRate(load.rate).nFft(load.nFft).hopLength(load.hopLength)
                .nMels(load.nMels).center(false).withoutTopDb().build();
        LatencyHistogram latency = new LatencyHistogram();
        LongAdder units = new LongAdder();
        AtomicLong lastDelivery = new AtomicLong(System.nanoTime());
        AtomicLong firstDeliveryUnix = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastDeliveryUnix = new AtomicLong();
        List<KafkaStream> streams = new CopyOnWriteArrayList<>();
        long consumeStart = System.nanoTime();
        long cpuFrom = ProcessMemory.cpuNanos();
        KafkaIngestStats.Counts kafka;
        try (KafkaIngestion ingestion = KafkaIngest.of(bootstrap, topic, "live-load")
                .sources(f -> PushSource.builder(f).capacity(Duration.ofSeconds(1))).start()) {
            ingestion.streams().subscribe(stream -> {
                streams.add(stream);
                stream.source().flux().transform(LiveFeatures.of(extractor)).subscribe(block -> {
                    long now = nowUnix();
                    long last = block.streamStart() + (block.frames().firstFrame() + block.frames().frames() - 1)
                            * (long) load.hopLength + load.nFft - 1;
                    long due = startUnixNanos + last / chunk * chunkNanos;
                    if (!backlog && due >= measureFrom) {
                        latency.record(now - due);
                    }
                    units.add(block.frames().frames());
                    lastDelivery.set(System.nanoTime());
                    firstDeliveryUnix.accumulateAndGet(now, Math::min);
                    lastDeliveryUnix.accumulateAndGet(now, Math::max);
                });
            });
            long deadline = System.nanoTime() + Math.max(0, generatorEnd - nowUnix()) + DRAIN_NANOS;
            while (System.nanoTime() < deadline) {
                Thread.sleep(200);
                boolean generatorDone = backlog || nowUnix() > generatorEnd;
                List<PartitionLag> lags = ingestion.partitions();
                boolean noLag = !lags.isEmpty() && lags.stream().allMatch(p -> p.lag() == 0);
                if (generatorDone && noLag && System.nanoTime() - lastDelivery.get() > QUIET_NANOS) {
                    break;
                }
                if (!child && !load.json) {
                    load.spec.commandLine().getErr().printf(Locale.ROOT, "\r%d streams here  p99 %.1f ms  %s   ",
                            streams.size(), latency.percentileMillis(0.99), KafkaOptions.lag(ingestion));
                    load.spec.commandLine().getErr().flush();
                }
            }
            kafka = ingestion.stats().snapshot();
        }
        double busySeconds = (lastDelivery.get() - consumeStart) / 1e9;
        double cores = (ProcessMemory.cpuNanos() - cpuFrom) / (double) Math.max(1, System.nanoTime() - consumeStart);
        LiveStats.Counts total = streams.stream().map(s -> s.source().stats().snapshot())
                .reduce(LiveStats.Counts.ZERO, LiveStats.Counts::plus);
        return JsonLine.of(g -> {
            g.writeNumberField("streams", streams.size());
            g.writeNumberField("latency_count", latency.count());
            g.writeNumberField("latency_p50_ms", latency.percentileMillis(0.5));
            g.writeNumberField("latency_p99_ms", latency.percentileMillis(0.99));
            g.writeNumberField("latency_max_ms", latency.maxMillis());
            g.writeNumberField("delivered_frames", total.deliveredFrames());
            g.writeNumberField("lost_frames", total.lostFrames());
            g.writeNumberField("gaps", total.gaps());
            g.writeNumberField("duplicates", kafka.duplicates());
            g.writeNumberField("pauses", kafka.pauses());
            g.writeNumberField("output_units", units.sum());
            g.writeNumberField("busy_seconds", Math.round(busySeconds * 100) / 100.0);
            g.writeNumberField("first_block_unix_ns", firstDeliveryUnix.get());
            g.writeNumberField("last_block_unix_ns", lastDeliveryUnix.get());
            g.writeNumberField("cpu_cores", Math.round(cores * 100) / 100.0);
            g.writeNumberField("peak_rss_mb", ProcessMemory.peakRssMegabytes());
        });
    }

    private String summary(LiveLoadCommand load, long sent, double generatorLagMs, List<Map<String, Object>> reports) {
        long delivered = 0;
        long lost = 0;
        long gaps = 0;
        double p99 = 0;
        double first = Double.MAX_VALUE;
        double last = 0;
        for (Map<String, Object> r : reports) {
            delivered += number(r, "delivered_frames");
            lost += number(r, "lost_frames");
            gaps += number(r, "gaps");
            p99 = Math.max(p99, number(r, "latency_p99_ms"));
            if (number(r, "delivered_frames") > 0) {
                first = Math.min(first, number(r, "first_block_unix_ns"));
                last = Math.max(last, number(r, "last_block_unix_ns"));
            }
        }
        long deliveredFrames = delivered;
        boolean complete = deliveredFrames >= sent && lost == 0 && gaps == 0;
        boolean sustained = !backlog && complete && p99 < LiveLoadCommand.P99_BOUND_MS;
        double throughput = last > first ? deliveredFrames / ((last - first) / 1e9) : 0;
        long lostFrames = lost;
        long gapCount = gaps;
        double worstP99 = p99;
        return JsonLine.of(g -> {
            g.writeStringField("transport", "kafka");
            g.writeStringField("mode", backlog ? "backlog" : "real-time");
            g.writeNumberField("processes", consumers);
            g.writeNumberField("partitions", partitions);
            g.writeNumberField("streams", load.streams);
            g.writeNumberField("seconds", load.seconds);
            g.writeNumberField("sent_frames", sent);
            g.writeNumberField("delivered_frames", deliveredFrames);
            g.writeNumberField("lost_frames", lostFrames);
            g.writeNumberField("gaps", gapCount);
            g.writeNumberField("latency_p99_ms", worstP99);
            g.writeNumberField("generator_max_lag_ms", generatorLagMs);
            g.writeNumberField("throughput_frames_per_s", Math.round(throughput));
            g.writeBooleanField("complete", complete);
            g.writeBooleanField("sustained", sustained);
            g.writeArrayFieldStart("per_process");
            for (Map<String, Object> r : reports) {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : r.entrySet()) {
                    g.writeNumberField(e.getKey(), ((Number) e.getValue()).doubleValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static double number(Map<String, Object> report, String field) {
        Object value = report.get(field);
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** The numeric fields of one flat JSON line. */
    private static Map<String, Object> parse(String line) {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fields;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isNumeric()) {
                    fields.put(name, p.getNumberValue());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            fields.put("unreadable_report", 1);
        }
        return fields;
    }
}
