package io.reactiveaudio.kafka;

import io.reactiveaudio.features.stream.FeatureFrames;
import io.reactiveaudio.live.LiveFeatureBlock;
import io.reactiveaudio.live.LiveWindow;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
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
 * <h2>Exactly once</h2>
 * A {@linkplain #transactional transactional} sink, given to {@link KafkaIngest#exactlyOnce}, writes
 * results in Kafka transactions that also commit the ingestion's consumer offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata): a {@code read_committed}
 * reader of the output topic sees the results of each input record once, across crashes and
 * restarts. The offsets of a transaction cover exactly the audio whose results it holds (each
 * partition's offset carries, as metadata, the stream positions the results end at, so a restarted
 * consumer resumes each stream there). Exactly once holds for feature blocks, and for windows whose
 * hop is their length (an overlapping window is resumed at the previous window's end).
 *
 * <p>Threading: the Kafka consumer is not thread-safe and runs on the ingestion's thread, the
 * producer's transactional calls must not overlap its sends. So every {@code send},
 * {@code commitTransaction} and {@code beginTransaction} runs on this sink's one thread, and a commit
 * is driven by the consumer's thread (every {@link KafkaIngest#commitInterval}, before a partition
 * is given up, at close): it asks the sink's thread to flush (every result sent so far acknowledged,
 * so every stream acknowledged as far as its results go; sends that come meanwhile wait on the
 * sink's thread), then computes the offsets and reads the group metadata itself, on the consumer's
 * thread, and hands them to the sink's thread, which sends them to the transaction, commits it and
 * begins the next. A failed transaction fails the sink (later sends fail) and the ingestion (its
 * streams end with the error): restart the process with the same {@code transactional.id}, which
 * aborts what the failed one left open, and it resumes from the last committed transaction.
 *
 * <p>Thread-safe; one sink serves many streams. Records are handed to Kafka's producer on the
 * sink's own thread (the producer's {@code send} may wait for metadata or for room in
 * {@code buffer.memory}), never on the subscriber's: results computed on {@code parallel()} stay
 * non-blocking.
 */
public final class KafkaResultSink implements AutoCloseable {

    /** Offsets to commit with a transaction, and the group metadata of the consumer that read them. */
    record TransactionOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final boolean transactional;
    /** The thread that calls {@code send} (which may wait for metadata or buffer space) and ends transactions. */
    private final Scheduler sender;
    /** Why the transactions stopped, or null. */
    private volatile Throwable failure;

    private KafkaResultSink(Producer<byte[], byte[]> producer, String topic, boolean transactional) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.transactional = transactional;
        this.sender = Schedulers.newBoundedElastic(1, Integer.MAX_VALUE, "reactive-audio-kafka-sink");
    }

    /** A sink to {@code topic} on {@code bootstrapServers}, with {@code acks=all} and {@code linger.ms=5}. */
    public static KafkaResultSink create(String bootstrapServers, String topic, Map<String, Object> settings) {
        return new KafkaResultSink(KafkaAudioProducer.producer(bootstrapServers, settings), topic, false);
    }

    /** A sink over the user's own producer (closed by {@link #close()}). */
    public static KafkaResultSink of(Producer<byte[], byte[]> producer, String topic) {
        return new KafkaResultSink(producer, topic, false);
    }

    /**
     * A transactional sink to {@code topic}, for {@link KafkaIngest#exactlyOnce}: a producer with
     * {@code transactional.id} {@code transactionalId} (unique per consumer process and the same
     * when that process restarts, so the restart aborts what a crash left open), a
     * {@code transaction.timeout.ms} of 10 s unless {@code settings} say otherwise, and its first
     * transaction begun. Blocks while the producer registers with the transaction coordinator.
     */
    public static KafkaResultSink transactional(String bootstrapServers, String topic, String transactionalId,
            Map<String, Object> settings) {
        Objects.requireNonNull(transactionalId, "transactionalId");
        if (transactionalId.isBlank()) {
            throw new IllegalArgumentException("transactionalId must not be blank: '" + transactionalId + "'");
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        config.putAll(settings);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        Producer<byte[], byte[]> producer = KafkaAudioProducer.producer(bootstrapServers, config);
        try {
            producer.initTransactions();
            producer.beginTransaction();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new KafkaResultSink(producer, topic, true);
    }

    /** Whether results are written in transactions ({@link #transactional}). */
    public boolean isTransactional() {
        return transactional;
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
            return send(stream, value, needed);
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
            return send(stream, value, end);
        }, 1);
    }

    /**
     * Ends the open transaction and begins the next, on the sink's thread; called on the consumer's
     * thread, which it blocks until the transaction is committed. First every result sent so far is
     * flushed (acknowledged by the broker, each stream acknowledged as far as its results go), then
     * {@code offsets} is called on the calling thread, and what it gives is committed with the results.
     *
     * @throws KafkaException if the transaction failed (the sink is then failed for good)
     */
    void commitTransaction(Supplier<TransactionOffsets> offsets) {
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        CompletableFuture<TransactionOffsets> given = new CompletableFuture<>();
        CompletableFuture<Void> committed = new CompletableFuture<>();
        sender.schedule(() -> {
            try {
                failIfFailed();
                producer.flush();
                flushed.complete(null);
                TransactionOffsets toCommit = given.join();
                if (!toCommit.offsets().isEmpty()) {
                    producer.sendOffsetsToTransaction(toCommit.offsets(), toCommit.group());
                }
                producer.commitTransaction();
                producer.beginTransaction();
                committed.complete(null);
            } catch (Throwable e) {
                failure = failure == null ? e : failure;
                flushed.completeExceptionally(e);
                committed.completeExceptionally(e);
            }
        });
        try {
            flushed.join();
            try {
                given.complete(offsets.get());
            } catch (RuntimeException e) {
                given.completeExceptionally(e);
                throw e;
            }
            committed.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException("the transaction failed", e.getCause());
        }
    }

    private void failIfFailed() {
        Throwable failed = failure;
        if (failed != null) {
            throw new KafkaException("the transactional sink failed before: " + failed, failed);
        }
    }

    /**
     * Sends {@code value} under the stream's key; when the broker acknowledged it, acknowledges the
     * stream up to {@code acknowledgeTo} (in the producer's callback, so even when the subscriber
     * cancelled meanwhile: a result written counts, and a transaction never holds a result without
     * its offsets), then emits the metadata.
     */
    private Mono<RecordMetadata> send(KafkaStream stream, byte[] value, long acknowledgeTo) {
        return Mono.<RecordMetadata>create(sink -> {
            if (failure != null) {
                sink.error(new KafkaException("the transactional sink failed: " + failure, failure));
                return;
            }
            producer.send(new ProducerRecord<>(topic, stream.id().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    value), (metadata, error) -> {
                        if (error != null) {
                            sink.error(error);
                        } else {
                            stream.acknowledge(acknowledgeTo);
                            sink.success(metadata);
                        }
                    });
        }).subscribeOn(sender);
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

    /**
     * Flushes and closes the producer, waiting up to 30 s. Blocks. A transactional sink aborts its
     * open transaction first, on its own thread: results sent since the last commit are not
     * committed (close the ingestion first: its last commit takes them along).
     */
    @Override
    public void close() {
        if (transactional && failure == null) {
            try {
                Mono.fromRunnable(producer::abortTransaction).subscribeOn(sender).block(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        producer.close(CLOSE_TIMEOUT);
        sender.dispose();
    }
}
