package io.reactiveaudio.examples.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.reactiveaudio.kafka.KafkaIngestStats;
import io.reactiveaudio.kafka.KafkaIngestion;
import io.reactiveaudio.kafka.PartitionLag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Kafka ingestion's counters ({@link KafkaIngestStats}) and its partitions' state as Micrometer
 * meters, for {@code live --kafka}'s {@code /metrics}. In Prometheus form: the counters
 * {@code reactive_audio_kafka_{records,bytes,duplicates,sequence_gaps,missing_records,
 * rejected_records,concealed_frames,ignored_records,pauses,resumes,revoked_streams,revoked_records,commits,
 * commit_failures,rebalances}_total}, the gauges {@code reactive_audio_kafka_partitions} (assigned)
 * and {@code reactive_audio_kafka_paused_partitions}, and per assigned partition (labels
 * {@code topic}, {@code partition}) {@code reactive_audio_kafka_partition_lag} (records from the
 * first undelivered one to the end; -1 while unknown) and
 * {@code reactive_audio_kafka_partition_committed_offset}. Counters and the two gauges are read at
 * each scrape; the set of partitions is renewed by {@link #update()}. What the sources skipped under
 * the drop strategies is in the live meters ({@code reactive_audio_live_dropped_frames_total}).
 *
 * <p>Thread-safe: {@link #update()} may run on any thread, concurrently with scrapes.
 */
final class KafkaMeters implements MeterBinder {

    /** A counter of {@link KafkaIngestStats.Counts}: its name after the prefix, its description, its value. */
    private record Count(String name, String description, ToLongFunction<KafkaIngestStats.Counts> value) {
    }

    private static final List<Count> COUNTS = List.of(
            new Count("records", "Records polled from Kafka", KafkaIngestStats.Counts::records),
            new Count("bytes", "Bytes of the values of the records polled", KafkaIngestStats.Counts::bytes),
            new Count("duplicates", "Records dropped as repeats of a sequence number already taken",
                    KafkaIngestStats.Counts::duplicates),
            new Count("sequence.gaps", "Jumps forward in a stream's sequence numbers", KafkaIngestStats.Counts::sequenceGaps),
            new Count("missing.records", "Records those jumps skipped", KafkaIngestStats.Counts::missingRecords),
            new Count("rejected.records", "Records that are not valid audio records, skipped",
                    KafkaIngestStats.Counts::rejectedRecords),
            new Count("concealed.frames", "MPEG frames of MP3 records replaced by silence because they did not decode",
                    KafkaIngestStats.Counts::concealedFrames),
            new Count("ignored.records", "Records of a stream whose subscriber cancelled, skipped",
                    KafkaIngestStats.Counts::ignoredRecords),
            new Count("pauses", "Times a partition was paused because a stream's buffer was full",
                    KafkaIngestStats.Counts::pauses),
            new Count("resumes", "Times a paused partition was resumed", KafkaIngestStats.Counts::resumes),
            new Count("revoked.streams", "Streams closed because a rebalance revoked their partition",
                    KafkaIngestStats.Counts::revokedStreams),
            new Count("revoked.records", "Records polled but not pushed when their partition was revoked",
                    KafkaIngestStats.Counts::revokedRecords),
            new Count("commits", "Offset commits that succeeded", KafkaIngestStats.Counts::commits),
            new Count("commit.failures", "Offset commits that failed", KafkaIngestStats.Counts::commitFailures),
            new Count("rebalances", "Partition assignments received", KafkaIngestStats.Counts::rebalances));

    private static final String PREFIX = "reactive.audio.kafka.";

    private final KafkaIngestion ingestion;
    private final List<MultiGauge> lags = new ArrayList<>();
    private final List<MultiGauge> committed = new ArrayList<>();

    KafkaMeters(KafkaIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (Count count : COUNTS) {
            FunctionCounter.builder(PREFIX + count.name(), ingestion,
                            i -> count.value().applyAsLong(i.stats().snapshot()))
                    .description(count.description()).register(registry);
        }
        Gauge.builder(PREFIX + "partitions", ingestion, i -> i.partitions().size())
                .description("Partitions assigned to this consumer").register(registry);
        Gauge.builder(PREFIX + "paused.partitions", ingestion,
                        i -> i.partitions().stream().filter(PartitionLag::paused).count())
                .description("Partitions paused because a stream's buffer is full").register(registry);
        lags.add(MultiGauge.builder(PREFIX + "partition.lag")
                .description("Records from the first undelivered one to the partition's end (-1: unknown)")
                .register(registry));
        committed.add(MultiGauge.builder(PREFIX + "partition.committed.offset")
                .description("The offset the group committed for the partition (-1: none yet)").register(registry));
        update();
    }

    /** Renews the per-partition gauges from the partitions assigned now (call it after a rebalance, or every second). */
    synchronized void update() {
        List<PartitionLag> now = ingestion.partitions();
        lags.forEach(gauge -> gauge.register(rows(now, PartitionLag::lag), true));
        committed.forEach(gauge -> gauge.register(rows(now, PartitionLag::committed), true));
    }

    /** One row per partition in {@code partitions}, valued by {@code value} of that partition as the ingestion sees it at the scrape. */
    private List<MultiGauge.Row<?>> rows(List<PartitionLag> partitions, ToDoubleFunction<PartitionLag> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(partitions.size());
        for (PartitionLag p : partitions) {
            rows.add(MultiGauge.Row.of(Tags.of("topic", p.topic(), "partition", Integer.toString(p.partition())),
                    ingestion, i -> i.partitions().stream()
                            .filter(q -> q.partition() == p.partition() && q.topic().equals(p.topic()))
                            .mapToDouble(value).findFirst().orElse(Double.NaN)));
        }
        return rows;
    }
}
