package io.reactiveaudio.examples.cli;

import io.reactiveaudio.kafka.CommitPoint;
import io.reactiveaudio.kafka.KafkaIngest;
import io.reactiveaudio.kafka.KafkaIngestion;
import io.reactiveaudio.kafka.KafkaResultSink;
import io.reactiveaudio.kafka.KafkaStream;
import io.reactiveaudio.kafka.PartitionLag;
import io.reactiveaudio.live.LiveFeatureBlock;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.PushSource;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The Kafka options of {@code live} (a picocli mixin): read the input streams from a topic as a
 * member of a consumer group, and optionally publish the log-mel results to an output topic (then
 * offsets are committed only once the results are in it). See {@code docs/live.md}, "Kafka".
 */
final class KafkaOptions {

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Read the input streams from Kafka (instead of --listen): one stream per record key.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "audio-in", description = "With --kafka: the input topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--group", defaultValue = "reactive-audio", description = "With --kafka: the consumer group; "
            + "processes of one group share the partitions (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--out-topic", paramLabel = "TOPIC", description = "With --kafka: publish each stream's log-mel "
            + "blocks to this topic, keyed by stream, one safetensors record each; offsets are committed once published.")
    String outTopic;

    @Option(names = "--exactly-once", description = "With --out-topic: the log-mel and the input offsets committed in "
            + "one Kafka transaction, so a read_committed reader of the output topic sees each result once, across "
            + "crashes and restarts.")
    boolean exactlyOnce;

    @Option(names = "--transactional-id", paramLabel = "ID", description = "With --exactly-once: the producer's "
            + "transactional.id, unique per process and kept when it restarts (the restart then aborts what a crash "
            + "left open at once); default: one of its own per run (a restart waits out the 10 s transaction timeout).")
    String transactionalId;

    /** Whether {@code --kafka} was given. */
    boolean enabled() {
        return bootstrap != null;
    }

    /**
     * Starts the consumer; each stream's source is built by {@code sources} from its format. With
     * {@code sink} (from {@link #sink()}) offsets are committed once the results are published, or in
     * the sink's transactions with {@code --exactly-once}.
     */
    KafkaIngestion start(Function<LiveFormat, PushSource.Builder> sources, KafkaResultSink sink) {
        KafkaIngest ingest = KafkaIngest.of(bootstrap, topic, group).sources(sources);
        if (sink != null) {
            ingest = sink.isTransactional() ? ingest.exactlyOnce(sink) : ingest.commitOn(CommitPoint.ACKNOWLEDGED);
        }
        return ingest.start();
    }

    /** The output topic's sink (transactional with {@code --exactly-once}), or null without {@code --out-topic}. */
    KafkaResultSink sink() {
        if (outTopic == null) {
            return null;
        }
        return exactlyOnce ? KafkaResultSink.transactional(bootstrap, outTopic, transactionalId != null ? transactionalId
                : "reactive-audio-" + group + "-" + java.util.UUID.randomUUID(), Map.of())
                : KafkaResultSink.create(bootstrap, outTopic, Map.of());
    }

    /** Publishes {@code blocks} of {@code stream} through {@code sink}; failures are printed. */
    static Disposable publish(KafkaResultSink sink, KafkaStream stream, Flux<LiveFeatureBlock> blocks, int hopLength,
            java.io.PrintWriter err) {
        return sink.features(stream, blocks, hopLength).subscribe(sent -> { },
                error -> err.println("publishing stream " + stream.id() + " failed: " + error.getMessage()));
    }

    /**
     * For the status line: records read, duplicates dropped, sequence gaps, the partitions' summed
     * lag in records and each one's, and how many are paused.
     */
    static String lag(KafkaIngestion ingestion) {
        long lag = 0;
        int paused = 0;
        StringBuilder each = new StringBuilder();
        for (PartitionLag p : ingestion.partitions()) {
            lag += Math.max(0, p.lag());
            paused += p.paused() ? 1 : 0;
            each.append(each.length() == 0 ? "" : ",").append(p.partition()).append(':').append(p.lag());
        }
        var counts = ingestion.stats().snapshot();
        return String.format(Locale.ROOT, "  kafka %d records  dup %d  seq gaps %d  lag %d [%s] paused %d",
                counts.records(), counts.duplicates(), counts.sequenceGaps(), lag, each, paused);
    }
}
