package io.reactiveaudio.kafka;

import io.reactiveaudio.live.LiveFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends live audio to a Kafka topic in the record format of {@link AudioRecords}: each
 * {@link #send(String, float[])} of a stream becomes one record keyed by the stream id, numbered
 * one after the previous record of that stream, positioned right after its frames, stamped with
 * the capture time.
 *
 * <pre>{@code
 * try (KafkaAudioProducer producer = KafkaAudioProducer.create("broker:9092", "audio-in",
 *         LiveFormat.mono(16_000), SampleEncoding.S16LE)) {
 *     producer.send("mic-7", samples);                  // 20 ms of audio, say
 * }
 * }</pre>
 *
 * <p>Delivery: the producer is idempotent with {@code acks=all} (Kafka's defaults), so a retried
 * send is not written twice; a send that fails completes its future exceptionally and the stream's
 * next record still takes the next sequence number, which the consumer reports as a gap.
 *
 * <p>Thread-safe; the sends of one stream must come from one thread at a time to keep their order.
 * {@code send} does not block unless Kafka's buffer ({@code buffer.memory}) is full, when it waits
 * up to {@code max.block.ms}: call it from the producer's own thread, never from a Reactor
 * scheduler.
 */
public final class KafkaAudioProducer implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final LiveFormat format;
    private final SampleEncoding encoding;
    private final Map<String, long[]> cursors = new ConcurrentHashMap<>();

    private KafkaAudioProducer(Producer<byte[], byte[]> producer, String topic, LiveFormat format,
            SampleEncoding encoding) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.format = Objects.requireNonNull(format, "format");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    /** A producer to {@code bootstrapServers} (host:port[,host:port...]) with Kafka's defaults and {@code linger.ms=5}. */
    public static KafkaAudioProducer create(String bootstrapServers, String topic, LiveFormat format,
            SampleEncoding encoding) {
        return create(bootstrapServers, topic, format, encoding, Map.of());
    }

    /** As {@link #create(String, String, LiveFormat, SampleEncoding)}, with more producer settings. */
    public static KafkaAudioProducer create(String bootstrapServers, String topic, LiveFormat format,
            SampleEncoding encoding, Map<String, Object> settings) {
        return new KafkaAudioProducer(producer(bootstrapServers, settings), topic, format, encoding);
    }

    /**
     * A Kafka producer of byte arrays to {@code bootstrapServers}: {@code acks=all} (idempotent, Kafka's
     * default), {@code linger.ms=5}, then {@code settings}. Shared with {@link KafkaResultSink}.
     */
    static Producer<byte[], byte[]> producer(String bootstrapServers, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(settings);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A helper over the user's own producer (closed by {@link #close()}). */
    public static KafkaAudioProducer of(Producer<byte[], byte[]> producer, String topic, LiveFormat format,
            SampleEncoding encoding) {
        return new KafkaAudioProducer(producer, topic, format, encoding);
    }

    /**
     * Sends {@code samples} (interleaved float32, whole frames) as the next chunk of stream
     * {@code streamId}, captured now. The future completes when the broker acknowledged the record.
     */
    public CompletableFuture<RecordMetadata> send(String streamId, float[] samples) {
        return send(streamId, samples, System.currentTimeMillis() * 1_000_000L);
    }

    /** As {@link #send(String, float[])} with the capture time in nanoseconds since the Unix epoch. */
    public CompletableFuture<RecordMetadata> send(String streamId, float[] samples, long captureUnixNanos) {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(samples, "samples");
        long[] cursor = cursors.computeIfAbsent(streamId, id -> new long[2]);
        AudioRecord record;
        synchronized (cursor) {
            record = new AudioRecord(streamId, format, cursor[0], cursor[1], captureUnixNanos, samples);
            cursor[0]++;
            cursor[1] = record.end();
        }
        return send(record);
    }

    /**
     * Sends {@code mpegFrames}, whole MPEG Layer III frames of this producer's format, as the next
     * chunk of stream {@code streamId}, captured now ({@code ra.encoding mp3}; the consumer decodes
     * a stream's frames in order with one decoder of its own). The stream's positions advance by
     * the frames' audio (1152 frames per MPEG-1 frame, 576 per MPEG-2 one).
     *
     * @throws IllegalArgumentException if {@code mpegFrames} are not whole Layer III frames of the format
     */
    public CompletableFuture<RecordMetadata> sendMp3(String streamId, byte[] mpegFrames) {
        Objects.requireNonNull(streamId, "streamId");
        StringBuilder reason = new StringBuilder();
        int frames = StreamMp3Decoder.pcmFrames(Objects.requireNonNull(mpegFrames, "mpegFrames"), format, reason);
        if (frames < 0) {
            throw new IllegalArgumentException("mpegFrames: " + reason);
        }
        long[] cursor = cursors.computeIfAbsent(streamId, id -> new long[2]);
        ProducerRecord<byte[], byte[]> record;
        synchronized (cursor) {
            record = AudioRecords.encodeMp3(topic, streamId, format, cursor[0], cursor[1],
                    System.currentTimeMillis() * 1_000_000L, mpegFrames);
            cursor[0]++;
            cursor[1] += frames;
        }
        return send(record);
    }

    /** Sends {@code record} as it is (its own sequence number and position), in this producer's encoding. */
    public CompletableFuture<RecordMetadata> send(AudioRecord record) {
        return send(AudioRecords.encode(topic, record, encoding));
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(metadata);
            }
        });
        return done;
    }

    /** Sends what is buffered now and waits until the broker acknowledged it. Blocks. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and closes the Kafka producer. Blocks. */
    @Override
    public void close() {
        producer.close();
    }
}
