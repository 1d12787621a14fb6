package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.kafka.AudioRecord;
import io.reactiveaudio.kafka.KafkaAudioProducer;
import io.reactiveaudio.kafka.KafkaBroker;
import io.reactiveaudio.kafka.SampleEncoding;
import io.reactiveaudio.live.LiveFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code live --kafka} against a real broker: its {@code /metrics} has the Kafka counters and each partition's lag. */
class LiveKafkaCommandTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);
    private static final int FRAMES = 320;

    @RegisterExtension
    static final KafkaBroker broker = KafkaBroker.forTests();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void metricsHaveTheKafkaCountersAndThePartitionsLagWhileTheStreamsRun() throws Exception {
        broker.createTopic("metrics-in", 2);
        CompletableFuture<Integer> live = CompletableFuture.supplyAsync(() -> run("live", "--kafka", broker.bootstrap(),
                "--topic", "metrics-in", "--group", "metrics", "--metrics-port", "0", "--seconds", "20", "--json"));
        int port = awaitPort("health and metrics on http://127.0.0.1:(\\d+)/health");

        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "metrics-in", MONO,
                SampleEncoding.S16LE)) {
            for (int r = 0; r < 20; r++) {
                producer.send("d", new float[FRAMES]);
                producer.send(record("a", r));
            }
            producer.send(record("a", 10));    // a repeat: dropped, counted as a duplicate
            producer.send(record("a", 22));    // 20 and 21 never sent: a sequence gap of 2 records
            producer.flush();
        }
        int records = 42;
        long unique = 41L * FRAMES;
        String a = "partition=\"0\"";    // Kafka's partitioner puts stream a (22 records) in partition 0
        String d = "partition=\"1\"";    // and d (20 records) in partition 1

        String metrics = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            metrics = scrape(port);
            if (value(metrics, "reactive_audio_live_delivered_frames_total", "") == unique
                    && value(metrics, "reactive_audio_kafka_partition_lag", a) == 0
                    && value(metrics, "reactive_audio_kafka_partition_lag", d) == 0
                    && value(metrics, "reactive_audio_kafka_partition_committed_offset", a) == 22
                    && value(metrics, "reactive_audio_kafka_partition_committed_offset", d) == 20) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(records, value(metrics, "reactive_audio_kafka_records_total", ""), metrics);
        assertEquals(records * FRAMES * 2L, value(metrics, "reactive_audio_kafka_bytes_total", ""), "s16le values");
        assertEquals(1, value(metrics, "reactive_audio_kafka_duplicates_total", ""));
        assertEquals(1, value(metrics, "reactive_audio_kafka_sequence_gaps_total", ""));
        assertEquals(2, value(metrics, "reactive_audio_kafka_missing_records_total", ""));
        assertEquals(0, value(metrics, "reactive_audio_kafka_rejected_records_total", ""));
        assertEquals(2, value(metrics, "reactive_audio_kafka_partitions", ""));
        assertEquals(0, value(metrics, "reactive_audio_kafka_paused_partitions", ""));
        assertEquals(0, value(metrics, "reactive_audio_kafka_partition_lag", a), metrics);
        assertEquals(0, value(metrics, "reactive_audio_kafka_partition_lag", d), metrics);
        assertEquals(22, value(metrics, "reactive_audio_kafka_partition_committed_offset", a), metrics);
        assertEquals(20, value(metrics, "reactive_audio_kafka_partition_committed_offset", d), metrics);
        assertEquals(unique, value(metrics, "reactive_audio_live_delivered_frames_total", ""));
        assertEquals(0, value(metrics, "reactive_audio_live_dropped_frames_total", ""), "skipped by the strategy");
        assertEquals(2L * FRAMES, value(metrics, "reactive_audio_live_gap_frames_total", ""));
        assertEquals(21L * FRAMES, value(metrics, "reactive_audio_live_stream_delivered_frames_total", "stream=\"a\""));

        assertEquals(0, live.get(40, TimeUnit.SECONDS), err.toString());
        assertTrue(out.toString().contains("\"delivered_frames\":" + unique), out.toString());
    }

    @Test
    void exactlyOncePublishesEachLogMelFrameOnceAndCommitsTheInputOffsetsInTheTransactions() throws Exception {
        broker.createTopic("eo-in", 1);
        broker.createTopic("eo-out", 1);
        CompletableFuture<Integer> live = CompletableFuture.supplyAsync(() -> run("live", "--kafka", broker.bootstrap(),
                "--topic", "eo-in", "--group", "eo", "--out-topic", "eo-out", "--exactly-once", "--transactional-id",
                "eo-test", "--seconds", "15", "--json"));
        awaitPort("reading topic eo-in from 127.0.0.1:(\\d+) as group eo, publishing log-mel to eo-out exactly once");
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "eo-in", MONO,
                SampleEncoding.S16LE)) {
            for (int r = 0; r < 50; r++) {
                producer.send("mic", io.reactiveaudio.test.Signals.noise(r, 16_000, 1, FRAMES, 0.2));
            }
        }
        java.util.Set<Long> frameStarts = new java.util.HashSet<>();
        int frames = 0;
        try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", broker.bootstrap(), "group.id", "eo-reader", "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            reader.subscribe(java.util.List.of("eo-out"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (frames < 98 && System.nanoTime() < deadline) {
                for (var record : reader.poll(Duration.ofMillis(200))) {
                    String header = new String(record.value(), 8, (int) java.nio.ByteBuffer.wrap(record.value())
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0), java.nio.charset.StandardCharsets.UTF_8);
                    Matcher shape = Pattern.compile("\"features\":\\{\"dtype\":\"F32\",\"shape\":\\[1,(\\d+),80]")
                            .matcher(header);
                    Matcher start = Pattern.compile("\"stream_start\":\"(\\d+)\"").matcher(header);
                    assertTrue(shape.find() && start.find(), header);
                    long ordinal = java.nio.ByteBuffer.wrap(record.value()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getLong(8 + header.length() + 8);
                    for (int f = 0; f < Integer.parseInt(shape.group(1)); f++, frames++) {
                        assertTrue(frameStarts.add(Long.parseLong(start.group(1)) + (ordinal + f) * 160), "a repeat");
                    }
                }
            }
        }
        assertEquals(98, frames, "the log-mel frames of 1 s (n_fft 400, hop 160), each once; " + err);
        assertEquals(0, live.get(40, TimeUnit.SECONDS), err.toString());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            long committed = admin.listConsumerGroupOffsets("eo").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new org.apache.kafka.common.TopicPartition("eo-in", 0)).offset();
            assertEquals(49, committed, "the transactions committed the records whose frames are out; the last"
                    + " one is still needed by a frame to come");
        }
    }

    @Test
    void exactlyOnceNeedsAnOutputTopicOfLogMel() {
        assertEquals(2, run("live", "--kafka", broker.bootstrap(), "--exactly-once"));
        assertEquals(2, run("live", "--kafka", broker.bootstrap(), "--out-topic", "features", "--exactly-once",
                "--features", "none"));
        assertTrue(err.toString().contains("--exactly-once publishes the log-mel"), err.toString());
    }

    /** Record {@code sequence} of stream {@code id}: 20 ms of silence at its place. */
    private static AudioRecord record(String id, int sequence) {
        return new AudioRecord(id, MONO, sequence, (long) sequence * FRAMES, System.currentTimeMillis() * 1_000_000L,
                new float[FRAMES]);
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of {@code name} in Prometheus text, on the line whose labels contain {@code label}; -1 if absent. */
    private static long value(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
        while (m.find()) {
            if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
                return Math.round(Double.parseDouble(m.group(2)));
            }
        }
        return -1;
    }

    private int awaitPort(String pattern) throws InterruptedException {
        Pattern regex = Pattern.compile(pattern);
        for (int i = 0; i < 3_000; i++) {
            Matcher m = regex.matcher(err.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + pattern + " in " + err);
    }

    private int run(String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
