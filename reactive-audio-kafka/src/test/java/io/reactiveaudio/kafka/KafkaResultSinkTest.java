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
    private static final LogMel LOG_MEL = LogMel.builder().sampleRate(16_000).nFft(400).hopLength(160).nMels(40)
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
