package io.reactiveaudio.kafka;

import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.PushSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/**
 * Live audio read from a Kafka topic by a consumer group: each stream (record key) becomes a
 * {@link KafkaStream}, a live source of the same chunks the TCP and HTTP sources give. Several
 * processes with the same group share the topic's partitions; Kafka moves partitions between them
 * when one joins, leaves or dies.
 *
 * <pre>{@code
 * KafkaIngestion ingestion = KafkaIngest.of("broker:9092", "audio-in", "features")
 *         .sources(format -> PushSource.builder(format).capacity(Duration.ofSeconds(2)))
 *         .start();
 * ingestion.streams().subscribe(stream -> stream.source().flux()
 *         .transform(LiveFeatures.of(logMel)).subscribe(block -> ...));
 * }</pre>
 *
 * <h2>Demand and bounds</h2>
 * One consumer thread polls. A stream's records are pushed into its source's buffer (built by
 * {@link #sources}); when that buffer is full under {@link io.reactiveaudio.live.Overflow#BLOCK},
 * the stream's partition is paused and the records already polled for it wait (at most one poll,
 * {@link #maxPollRecords}), and the partition is resumed when the subscriber has taken enough: the
 * backlog stays in Kafka, not in memory. Under the drop strategies the consumer reads on and the
 * source drops (and counts) what does not fit. What the ingestion holds is at most
 * <i>streams × the source's capacity</i> of decoded audio, plus one poll of records
 * ({@link #maxPollRecords}) and the client's fetch buffer ({@link #fetchMaxBytes}).
 *
 * <h2>Delivery</h2>
 * Offsets are committed (every {@link #commitInterval}, and before a partition is given up) only
 * up to the first record not yet delivered ({@link CommitPoint}): at-least-once. After a restart or
 * a rebalance the records from the committed offset are read again; within one stream, records whose
 * sequence number was already taken are dropped and counted as duplicates, and a jump in sequence
 * numbers is counted as a sequence gap (the position jump is a gap of the live source). A stream
 * whose subscriber cancels it alone is given up: its later records are skipped, counted
 * ({@link KafkaIngestStats.Counts#ignoredRecords()}) and committed. Closing the ingestion, or
 * cancelling its {@link KafkaIngestion#streams()}, commits nothing that was not delivered. With
 * {@link #exactlyOnce} the offsets are committed in the result sink's transactions instead.
 *
 * <h2>Rebalancing</h2>
 * Partitions are assigned cooperatively (only moved partitions are revoked). A revoked partition's
 * streams are completed (their subscribers receive what was buffered, then completion:
 * {@link StreamEnd#REVOKED}), the consumer waits up to {@link #revokeFlushTimeout} for that audio to
 * be delivered and commits it; records polled but not pushed are left to the new owner.
 *
 * <p>Immutable: every setter returns a new instance; thread-safe.
 */
public final class KafkaIngest implements Cloneable {

    /** Default {@link #maxPollRecords}. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    /** Default {@link #fetchMaxBytes}: 8 MiB. */
    public static final int DEFAULT_FETCH_MAX_BYTES = 8 << 20;

    private String bootstrapServers;
    private String topic;
    private String groupId;
    private Function<LiveFormat, PushSource.Builder> sources = PushSource::builder;
    private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
    private int fetchMaxBytes = DEFAULT_FETCH_MAX_BYTES;
    private Duration pollTimeout = Duration.ofMillis(100);
    private Duration commitInterval = Duration.ofMillis(200);
    private Duration revokeFlushTimeout = Duration.ofSeconds(1);
    private CommitPoint commitPoint = CommitPoint.HANDED_OUT;
    private KafkaResultSink transactions;
    private Map<String, Object> properties = Map.of();

    private KafkaIngest() {
    }

    /**
     * Reads {@code topic} from {@code bootstrapServers} ({@code host:port[,host:port...]}) as
     * member of consumer group {@code groupId}: sources of 2 s under {@code BLOCK}, a new group
     * starting at the earliest offset.
     */
    public static KafkaIngest of(String bootstrapServers, String topic, String groupId) {
        KafkaIngest ingest = new KafkaIngest();
        ingest.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
        ingest.topic = requireText(topic, "topic");
        ingest.groupId = requireText(groupId, "groupId");
        return ingest;
    }

    /** How each stream's live source is built, from the format of its first record. */
    public KafkaIngest sources(Function<LiveFormat, PushSource.Builder> builders) {
        KafkaIngest next = copy();
        next.sources = Objects.requireNonNull(builders, "builders");
        return next;
    }

    /** Records one poll returns at most (Kafka's {@code max.poll.records}); the records a paused partition holds. */
    public KafkaIngest maxPollRecords(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("maxPollRecords must be at least 1: " + records);
        }
        KafkaIngest next = copy();
        next.maxPollRecords = records;
        return next;
    }

    /** Bytes the client fetches ahead at most (Kafka's {@code fetch.max.bytes}; {@code max.partition.fetch.bytes} at most this). */
    public KafkaIngest fetchMaxBytes(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("fetchMaxBytes must be at least 1024: " + bytes);
        }
        KafkaIngest next = copy();
        next.fetchMaxBytes = bytes;
        return next;
    }

    /** How long one poll waits for records when no partition is paused (default 100 ms). */
    public KafkaIngest pollTimeout(Duration timeout) {
        KafkaIngest next = copy();
        next.pollTimeout = positive(timeout, "pollTimeout");
        return next;
    }

    /** How often delivered offsets are committed (default 200 ms). */
    public KafkaIngest commitInterval(Duration interval) {
        KafkaIngest next = copy();
        next.commitInterval = positive(interval, "commitInterval");
        return next;
    }

    /** How long a revoked partition's buffered audio may take to be delivered before its offsets are committed (default 1 s). */
    public KafkaIngest revokeFlushTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("revokeFlushTimeout must not be negative: " + timeout);
        }
        KafkaIngest next = copy();
        next.revokeFlushTimeout = timeout;
        return next;
    }

    /** When a record counts as delivered for the commits (default {@link CommitPoint#HANDED_OUT}; {@link #exactlyOnce} uses ACKNOWLEDGED). */
    public KafkaIngest commitOn(CommitPoint point) {
        KafkaIngest next = copy();
        next.commitPoint = Objects.requireNonNull(point, "point");
        return next;
    }

    /**
     * Exactly once from this topic to {@code sink}'s output topic (consume-transform-produce): the
     * consumer commits no offsets itself; every {@link #commitInterval}, before a partition is given
     * up and at close, its thread has the sink flush, computes the offsets of the audio whose
     * results the sink has sent (as {@link CommitPoint#ACKNOWLEDGED}) with each stream's resume
     * position, and the sink commits them in its transaction with those results (threading: see
     * {@link KafkaResultSink}). After a crash, a consumer of the group reads from the last committed
     * transaction's offsets and hands out each stream's audio from the position its committed
     * results end at, so the results continue without a repeat or a hole; the consumer reads
     * {@code read_committed}. A failed transaction fails the ingestion (restart it). Publish every
     * stream through {@code sink}.
     *
     * @throws IllegalArgumentException if {@code sink} is not {@linkplain KafkaResultSink#transactional transactional}
     */
    public KafkaIngest exactlyOnce(KafkaResultSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!sink.isTransactional()) {
            throw new IllegalArgumentException("exactlyOnce needs a sink made by KafkaResultSink.transactional");
        }
        KafkaIngest next = copy();
        next.transactions = sink;
        return next;
    }

    /** One more Kafka consumer setting (security, {@code auto.offset.reset}, timeouts...); the settings above win. */
    public KafkaIngest property(String key, Object value) {
        KafkaIngest next = copy();
        Map<String, Object> more = new HashMap<>(properties);
        more.put(requireText(key, "key"), Objects.requireNonNull(value, "value"));
        next.properties = Map.copyOf(more);
        return next;
    }

    /** Starts the consumer on its own thread; the ingestion runs until closed. */
    public KafkaIngestion start() {
        return new KafkaIngestion(this);
    }

    String topic() {
        return topic;
    }

    Function<LiveFormat, PushSource.Builder> sourceBuilders() {
        return sources;
    }

    Duration pollTimeoutSetting() {
        return pollTimeout;
    }

    Duration commitIntervalSetting() {
        return commitInterval;
    }

    Duration revokeFlushTimeoutSetting() {
        return revokeFlushTimeout;
    }

    /** The commit point, {@link CommitPoint#ACKNOWLEDGED} when exactly once. */
    CommitPoint commitPoint() {
        return transactions == null ? commitPoint : CommitPoint.ACKNOWLEDGED;
    }

    /** The transactional sink that commits the offsets, or null when the consumer commits them. */
    KafkaResultSink transactions() {
        return transactions;
    }

    /** The consumer's configuration. */
    Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        config.putAll(properties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.min(fetchMaxBytes, 1 << 20));
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (transactions != null) {
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return config;
    }

    private KafkaIngest copy() {
        try {
            return (KafkaIngest) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank: '" + value + "'");
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
