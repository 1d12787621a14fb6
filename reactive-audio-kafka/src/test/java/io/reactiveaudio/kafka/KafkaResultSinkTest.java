package io.reactiveaudio.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.live.LiveFeatureBlock;
import io.reactiveaudio.live.LiveFeatures;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.test.Signals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Results published to an output topic: same keys, the server's safetensors layout, offsets committed after. */
class KafkaResultSinkTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);
    static final LogMel LOG_MEL = LogMel.builder().sampleRate(16_000).nFft(400).hopLength(160).nMels(40)
            .center(false).withoutTopDb().build();

    @RegisterExtension
    static final KafkaBroker broker = KafkaBroker.forTests();

    /** The F32 values of tensor {@code name} in one safetensors record, and its shape. */
    static float[] tensor(byte[] record, String name, int[] shapeOut) {
        ByteBuffer in = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) in.getLong(0);
        assertEquals(0, (8 + n) % 8, "the header is padded to 8 bytes");
        String header = new String(record, 8, n, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + name + "\":\\{\"dtype\":\"F32\",\"shape\":\\[([0-9,]+)],"
                + "\"data_offsets\":\\[([0-9]+),([0-9]+)]}").matcher(header);
        assertTrue(m.find(), header);
        String[] dims = m.group(1).split(",");
        for (int i = 0; i < dims.length; i++) {
            shapeOut[i] = Integer.parseInt(dims[i]);
        }
        int begin = 8 + n + Integer.parseInt(m.group(2));
        float[] values = new float[(Integer.parseInt(m.group(3)) - Integer.parseInt(m.group(2))) / 4];
        ByteBuffer.wrap(record, begin, values.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    @Test
    void featuresReachTheOutputTopicUnderTheStreamsKeysAndOnlyThenAreTheirRecordsCommitted() throws Exception {
        broker.createTopic("sink-in", 2);
        broker.createTopic("sink-out", 2);
        int streams = 3;
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "sink-in", MONO,
                SampleEncoding.F32LE)) {
            for (int at = 0; at < 8_000; at += 800) {
                for (int s = 0; s < streams; s++) {
                    producer.send("room-" + s, Arrays.copyOfRange(Signals.noise(s, 16_000, 1, 8_000, 0.2), at, at + 800));
                }
            }
        }

        List<LiveFeatureBlock> computed = new CopyOnWriteArrayList<>();
        List<String> keysComputed = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (KafkaResultSink sink = KafkaResultSink.create(broker.bootstrap(), "sink-out", Map.of());
                KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "sink-in", "sink")
                        .commitOn(CommitPoint.ACKNOWLEDGED).start()) {
            ingestion.streams().subscribe(stream -> sink.features(stream, stream.source().flux()
                    .transform(LiveFeatures.of(LOG_MEL))
                    .doOnNext(block -> {
                        computed.add(block);
                        keysComputed.add(stream.id());
                    }), 160).subscribe(sent -> { }, failures::add));

            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                    "group.id", "reader", "auto.offset.reset", "earliest"), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                reader.subscribe(List.of("sink-out"));
                long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                int expectedFrames = streams * LOG_MEL.frames(8_000);
                int frames = 0;
                while (frames < expectedFrames && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                        out.add(record);
                        frames += tensor(record.value(), "features", new int[3]).length / LOG_MEL.bins();
                    }
                }
                assertEquals(expectedFrames, frames, "failures: " + failures + ", computed " + computed.size());
            }
            assertEquals(List.of(), failures);
            assertEquals(computed.size(), out.size());
            for (int i = 0; i < out.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = out.get(i);
                String key = new String(record.key(), StandardCharsets.UTF_8);
                int[] shape = new int[3];
                float[] values = tensor(record.value(), "features", shape);
                LiveFeatureBlock match = null;
                for (int b = 0; b < computed.size(); b++) {
                    if (keysComputed.get(b).equals(key) && Arrays.equals(computed.get(b).frames().values(), values)) {
                        match = computed.get(b);
                    }
                }
                assertTrue(match != null, "record " + i + " of " + key + " is a block computed for that stream");
                int[] matrix = match.frames().layout().shape(LOG_MEL.bins(), match.frames().frames());
                assertArrayEquals(new int[] {1, matrix[0], matrix[1]}, shape);
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long committed = 0;
            while (System.nanoTime() < deadline && committed < streams * 10) {
                committed = committedRecords("sink");
                Thread.sleep(100);
            }
            assertTrue(committed >= streams * 9L, "records whose results are out are committed: " + committed);
            assertTrue(committed < streams * 10L, "the last record of each stream is still needed by the next"
                    + " frames (an STFT window reaches into it), so it is not committed: " + committed);
        }
    }

    /** A feature record of the output topic: its stream, the stream position of its first frame, its frames (frames × bins). */
    private record FeatureRecord(String stream, long firstFrameStart, int frames, float[] values) {

        static FeatureRecord of(ConsumerRecord<byte[], byte[]> record) {
            int n = (int) ByteBuffer.wrap(record.value()).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            String header = new String(record.value(), 8, n, StandardCharsets.UTF_8);
            Matcher start = Pattern.compile("\"stream_start\":\"([0-9]+)\"").matcher(header);
            assertTrue(start.find(), header);
            assertTrue(header.contains("\"layout\":\"FRAMES_BINS\""), header);
            long ordinal = ByteBuffer.wrap(record.value()).order(ByteOrder.LITTLE_ENDIAN).getLong(8 + n + 8);
            int[] shape = new int[3];
            float[] values = tensor(record.value(), "features", shape);
            return new FeatureRecord(new String(record.key(), StandardCharsets.UTF_8),
                    Long.parseLong(start.group(1)) + ordinal * 160, shape[1], values);
        }
    }

    @Test
    void exactlyOnceAConsumerKilledMidStreamAndRestartedLeavesEveryResultOnceForReadCommittedReaders(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        broker.createTopic("eos-in", 2);
        broker.createTopic("eos-out", 2);
        int streams = 3;
        int records = 120;
        int recordFrames = 400;    // 25 ms: a feature frame (hop 160) often starts inside a record
        float[][] audio = new float[streams][];
        for (int s = 0; s < streams; s++) {
            audio[s] = Signals.noise(10 + s, 16_000, 1, records * recordFrames, 0.2);
        }
        java.util.concurrent.atomic.AtomicInteger sentRounds = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean resultsSeen = new java.util.concurrent.atomic.AtomicBoolean();
        var sending = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "eos-in", MONO,
                    SampleEncoding.F32LE)) {
                for (int r = 0; r < records; r++) {
                    for (int s = 0; s < streams; s++) {
                        producer.send("eos-" + s, Arrays.copyOfRange(audio[s], r * recordFrames, (r + 1) * recordFrames));
                    }
                    producer.flush();
                    sentRounds.incrementAndGet();
                    while (r >= records / 4 && !resultsSeen.get()) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(25);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        Map<String, List<FeatureRecord>> received = new java.util.TreeMap<>();
        int expectedFrames = streams * LOG_MEL.frames(records * recordFrames);
        Process first = ExactlyOnceMember.start(broker.bootstrap(), "eos-in", "eos-out", "eos", "eos-member",
                dir.resolve("first.log"));
        Process second = null;
        int killedAtRound = -1;
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                "group.id", "eos-reader", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of("eos-out"));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int frames = 0;
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    FeatureRecord result = FeatureRecord.of(record);
                    received.computeIfAbsent(result.stream(), id -> new ArrayList<>()).add(result);
                    frames += result.frames();
                }
                resultsSeen.set(frames > 0);
                if (second == null && sentRounds.get() >= records / 2) {
                    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    killedAtRound = sentRounds.get();
                    second = ExactlyOnceMember.start(broker.bootstrap(), "eos-in", "eos-out", "eos", "eos-member",
                            dir.resolve("second.log"));
                }
                if (frames >= expectedFrames && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();    // any repeat would come now
                }
            }
            sending.get(30, TimeUnit.SECONDS);
            assertTrue(killedAtRound < records, "killed mid-stream, at round " + killedAtRound);
            assertEquals(expectedFrames, frames, "frames read; the logs are in " + dir);
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
            }
        }

        int bins = LOG_MEL.bins();
        for (int s = 0; s < streams; s++) {
            int count = LOG_MEL.frames(records * recordFrames);
            float[] offline = new float[count * bins];
            LOG_MEL.newWorker().compute(audio[s], 0, audio[s].length, offline, 0,
                    io.reactiveaudio.features.FeatureLayout.FRAMES_BINS);
            List<Long> starts = new ArrayList<>();
            for (FeatureRecord result : received.get("eos-" + s)) {
                for (int f = 0; f < result.frames(); f++) {
                    long start = result.firstFrameStart() + f * 160L;
                    starts.add(start);
                    int k = (int) (start / 160);
                    assertArrayEquals(Arrays.copyOfRange(offline, k * bins, (k + 1) * bins),
                            Arrays.copyOfRange(result.values(), f * bins, (f + 1) * bins), 1e-3f,
                            "stream eos-" + s + ", the frame at " + start + " as offline");
                }
            }
            List<Long> expected = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                expected.add(k * 160L);
            }
            assertEquals(expected, starts, "stream eos-" + s + ": every frame once, in order");
        }
    }

    private static long committedRecords(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getKey().topic().equals("sink-in"))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    static TopicPartition partition(String topic, int p) {
        return new TopicPartition(topic, p);
    }
}
