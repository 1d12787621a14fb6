package io.reactiveaudio.kafka;

import io.reactiveaudio.features.stream.FeatureFrames;
import io.reactiveaudio.live.LiveFeatureBlock;
import io.reactiveaudio.live.LiveWindow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a live stream's results to an output topic, keyed by the stream's id (so a stream's
 * results stay in order in one partition), each result one record whose value is the safetensors
 * layout the server sends (docs/protocol.md §6) with a batch of one item: a trainer reads it with
 * the same {@code parse_batch}. Metadata adds {@code stream_id}, {@code stream_start} and, for
 * features, {@code hop_length}.
 *
 * <p>Delivery: each result is sent once the previous one of the stream was acknowledged by the
 * broker ({@code concatMap}, so order holds and at most one result per stream is in flight); when
 * the broker acknowledged a result, the stream is {@linkplain KafkaStream#acknowledge(long) acknowledged}
 * up to the audio that result no longer needs, so an ingestion with {@link CommitPoint#ACKNOWLEDGED}
 * commits only records whose results are in the output topic (at-least-once end to end). A failed
 * send fails the returned flux.
 *
 * <p>Thread-safe; one sink serves many streams. Records are handed to Kafka's producer on the
 * sink's own thread (the producer's {@code send} may wait for metadata or for room in
 * {@code buffer.memory}), never on the subscriber's: results computed on {@code parallel()} stay
 * non-blocking.
 */
public final class KafkaResultSink implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    /** The thread that calls {@code send}, which may wait for metadata or buffer space. */
    private final Scheduler sender;

    private KafkaResultSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sender = Schedulers.newBoundedElastic(1, Integer.MAX_VALUE, "reactive-audio-kafka-sink");
    }

    /** A sink to {@code topic} on {@code bootstrapServers}, with {@code acks=all} and {@code linger.ms=5}. */
    public static KafkaResultSink create(String bootstrapServers, String topic, Map<String, Object> settings) {
        return new KafkaResultSink(KafkaAudioProducer.producer(bootstrapServers, settings), topic);
    }

    /** A sink over the user's own producer (closed by {@link #close()}). */
    public static KafkaResultSink of(Producer<byte[], byte[]> producer, String topic) {
        return new KafkaResultSink(producer, topic);
    }

    /**
     * Publishes {@code stream}'s feature blocks (from {@link io.reactiveaudio.live.LiveFeatures}
     * with an uncentred STFT of hop {@code hopLength} frames), one record each, and acknowledges
     * the stream up to the first frame the next block still needs. Emits each record's metadata.
     */
    public Flux<RecordMetadata> features(KafkaStream stream, Flux<LiveFeatureBlock> blocks, int hopLength) {
        if (hopLength < 1) {
            throw new IllegalArgumentException("hopLength must be at least 1: " + hopLength);
        }
        AtomicLong number = new AtomicLong();
        return blocks.concatMap(block -> {
            FeatureFrames frames = block.frames();
            Map<String, String> meta = metadata(stream, "features", frames.layout().name(),
                    frames.layout() == io.reactiveaudio.features.FeatureLayout.BINS_FRAMES ? "B,bins,frames"
                            : "B,frames,bins", number.incrementAndGet(), block.streamStart(), block.arrivalNanos());
            meta.put("hop_length", Integer.toString(hopLength));
            int[] matrix = frames.layout().shape(frames.bins(), frames.frames());
            byte[] value = OneRecordSafetensors.encode("features", new int[] {1, matrix[0], matrix[1]},
                    frames.values(), stream.number(), frames.firstFrame(), frames.frames() * hopLength,
                    frames.frames(), meta);
            long needed = block.streamStart() + (frames.firstFrame() + frames.frames()) * (long) hopLength;
            return send(stream, value).doOnNext(sent -> stream.acknowledge(needed));
        }, 1);
    }

    /**
     * Publishes {@code stream}'s windows (from {@link io.reactiveaudio.live.LiveWindows}), one
     * record each as an {@code audio} tensor {@code [1, T, C]}, and acknowledges the stream up to
     * each window's end. Emits each record's metadata.
     */
    public Flux<RecordMetadata> windows(KafkaStream stream, Flux<LiveWindow> windows) {
        AtomicLong number = new AtomicLong();
        return windows.concatMap(window -> {
            Map<String, String> meta = metadata(stream, "audio", "BTC", "B,T,C", number.incrementAndGet(),
                    window.position(), window.arrivalNanos());
            float[] samples = window.samples().length == window.frames() * window.format().channels() ? window.samples()
                    : java.util.Arrays.copyOf(window.samples(), window.frames() * window.format().channels());
            byte[] value = OneRecordSafetensors.encode("audio", new int[] {1, window.frames(), window.format().channels()},
                    samples, stream.number(), window.position(), window.frames(), -1, meta);
            long end = window.position() + window.frames();
            return send(stream, value).doOnNext(sent -> stream.acknowledge(end));
        }, 1);
    }

    private Mono<RecordMetadata> send(KafkaStream stream, byte[] value) {
        return Mono.<RecordMetadata>create(sink -> producer.send(
                new ProducerRecord<>(topic, stream.id().getBytes(java.nio.charset.StandardCharsets.UTF_8), value),
                (metadata, error) -> {
                    if (error != null) {
                        sink.error(error);
                    } else {
                        sink.success(metadata);
                    }
                })).subscribeOn(sender);
    }

    private static Map<String, String> metadata(KafkaStream stream, String kind, String layout, String axes,
            long batch, long streamStart, long arrivalNanos) {
        long nowUnix = System.currentTimeMillis() * 1_000_000L;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "reactive-audio/1");
        meta.put("stream", stream.topic());
        meta.put("kind", kind);
        meta.put("layout", layout);
        meta.put("axes", axes);
        meta.put("sample_rate", Integer.toString(stream.format().sampleRate()));
        meta.put("epoch", "0");
        meta.put("batch", Long.toString(batch));
        meta.put("padding", "0");
        meta.put("arrival_unix_ns", Long.toString(nowUnix - (System.nanoTime() - arrivalNanos)));
        meta.put("handover_unix_ns", Long.toString(nowUnix));
        meta.put("stream_id", stream.id());
        meta.put("stream_start", Long.toString(streamStart));
        return meta;
    }

    /** Flushes and closes the producer. Blocks. */
    @Override
    public void close() {
        producer.close();
        sender.dispose();
    }
}
