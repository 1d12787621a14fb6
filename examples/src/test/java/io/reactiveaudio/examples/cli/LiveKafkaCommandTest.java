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
