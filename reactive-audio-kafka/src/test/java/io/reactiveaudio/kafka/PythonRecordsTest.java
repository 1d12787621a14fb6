package io.reactiveaudio.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.live.LiveChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records made by the Python client's {@code encode_audio_record} (the one-file copy,
 * {@code examples/python/reactive_audio_client.py}, run by Debian's python3 with numpy) go through
 * a real broker and come out of the Kafka source as the chunks they were made from.
 */
class PythonRecordsTest {

    private static final Path CLIENT = Path.of("..", "examples", "python");
    private static final String SCRIPT = String.join("\n",
            "import numpy as np, reactive_audio_client as ra",
            "for seq in range(3):",
            "    samples = np.arange(seq * 320, seq * 320 + 320, dtype=np.float32) / 2000.0 - 0.5",
            "    key, value, headers = ra.encode_audio_record('py-0', samples.reshape(160, 2), seq, seq * 160,"
                    + " 8000, channels=2, encoding='f32le' if seq % 2 else 's16le', capture_unix_ns=7)",
            "    print(key.hex(), value.hex(), ' '.join(n + '=' + v.hex() for n, v in headers))");

    @RegisterExtension
    static final KafkaBroker broker = KafkaBroker.forTests();

    @Test
    void recordsMadeInPythonComeOutAsTheChunksTheyWereMadeFrom() throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).directory(CLIENT.toFile()).start();
        List<String> lines = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        assertEquals(0, python.waitFor(), "python exit");
        assertEquals(3, lines.size());
        broker.createTopic("from-python", 1);
        HexFormat hex = HexFormat.of();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrap()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines) {
                String[] parts = line.split(" ");
                RecordHeaders headers = new RecordHeaders();
                for (int i = 2; i < parts.length; i++) {
                    String[] header = parts[i].split("=");
                    headers.add(header[0], hex.parseHex(header[1]));
                }
                producer.send(new ProducerRecord<>("from-python", null, hex.parseHex(parts[0]), hex.parseHex(parts[1]),
                        headers)).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "from-python", "py").start()) {
            List<KafkaStream> streams = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<LiveChunk> chunks = ingestion.streams().doOnNext(streams::add).next()
                    .flatMapMany(stream -> stream.source().flux().take(3)).collectList().block(Duration.ofSeconds(30));

            assertEquals("py-0", streams.get(0).id());
            assertEquals(new io.reactiveaudio.live.LiveFormat(8000, 2), streams.get(0).format());
            for (int seq = 0; seq < 3; seq++) {
                LiveChunk chunk = chunks.get(seq);
                assertEquals(seq * 160L, chunk.position());
                float[] expected = new float[320];
                for (int i = 0; i < 320; i++) {
                    float sample = (seq * 320 + i) / 2000f - 0.5f;
                    expected[i] = seq % 2 == 1 ? sample : Math.round(sample * 32768f) / 32768f;
                }
                assertArrayEquals(expected, chunk.samples(), 1e-6f, "chunk " + seq);
            }
            assertEquals(0, ingestion.stats().snapshot().rejectedRecords());
        }
    }
}
