package io.reactiveaudio.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.reactiveaudio.live.LiveOverflowException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The consumer's thread: polls, pushes each record into its stream's source, pauses a partition
 * whose stream is full and resumes it when room was signalled, commits delivered offsets, and
 * handles rebalances. Everything here but {@link #close()}, the room signals and the read-only
 * views runs on that one thread, as the Kafka consumer requires.
 */
final class ConsumerLoop implements Runnable, ConsumerRebalanceListener {

    private static final Logger LOG = Loggers.getLogger(ConsumerLoop.class);
    /** Poll timeout while a partition is paused, so a resume is not late by a whole poll. */
    private static final Duration PAUSED_POLL = Duration.ofMillis(5);
    /** How often the partitions' end offsets are read for their lag. */
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

    private final KafkaIngest settings;
    /** The sink whose transactions commit the offsets (exactly once), or null. */
    private final KafkaResultSink transactions;
    /** The offsets last sent to a transaction, so an idle transaction stays empty. */
    private final Map<TopicPartition, OffsetAndMetadata> lastSent = new HashMap<>();
    private final Consumer<byte[], byte[]> consumer;
    private final KafkaIngestStats stats = new KafkaIngestStats();
    private final Sinks.Many<KafkaStream> streams = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Many<AudioRecordException> rejections = Sinks.many().multicast().directBestEffort();
    private final Map<String, KafkaStream> byId = new HashMap<>();
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Queue<TopicPartition> roomSignals = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;
    private volatile List<PartitionLag> lags = List.of();
    private long nextCommitNanos;
    private long nextLagNanos;
    private int streamNumbers;

    ConsumerLoop(KafkaIngest settings) {
        this.settings = settings;
        this.transactions = settings.transactions();
        this.consumer = new KafkaConsumer<>(settings.consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The streams; cancelling closes the ingestion, as {@link #close()} does. */
    Flux<KafkaStream> streams() {
        return streams.asFlux().doOnCancel(this::close);
    }

    Flux<AudioRecordException> rejections() {
        return rejections.asFlux();
    }

    KafkaIngestStats stats() {
        return stats;
    }

    List<PartitionLag> lags() {
        return lags;
    }

    void close() {
        closing = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        Throwable failure = null;
        try {
            consumer.subscribe(List.of(settings.topic()), this);
            while (!closing) {
                resumeSignalled();
                boolean anyPaused = partitions.values().stream().anyMatch(p -> p.paused);
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(anyPaused ? PAUSED_POLL : settings.pollTimeoutSetting());
                } catch (WakeupException e) {
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    PartitionState partition = partitions.get(tp);
                    for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                        stats.record(record.value() == null ? 0 : record.value().length);
                        partition.nextOffset = record.offset() + 1;
                        take(partition, record);
                    }
                }
                commit(false);
                refreshLags();
            }
            commit(true);
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            LOG.error("Kafka ingestion of topic " + settings.topic() + " failed", e);
            failure = e;
        } finally {
            finish(failure);
        }
    }

    private void finish(Throwable failure) {
        for (KafkaStream stream : byId.values()) {
            stream.ended(failure == null ? StreamEnd.CLOSED : StreamEnd.FAILED, failure);
        }
        byId.clear();
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (KafkaException e) {
            LOG.warn("closing the Kafka consumer failed", e);
        }
        if (failure != null) {
            streams.tryEmitError(failure);
        } else {
            streams.tryEmitComplete();
        }
        rejections.tryEmitComplete();
    }

    /** Pushes {@code record}, or queues it behind the partition's waiting records and pauses the partition. */
    private void take(PartitionState partition, ConsumerRecord<byte[], byte[]> record) {
        if (!partition.pending.isEmpty()) {
            partition.pending.add(record);
        } else if (!offer(partition, record)) {
            partition.pending.add(record);
            consumer.pause(Set.of(partition.tp));
            partition.paused = true;
            stats.paused();
        }
    }

    /** Retries the waiting records of partitions whose streams signalled room; resumes those that are through. */
    private void resumeSignalled() {
        TopicPartition tp;
        while ((tp = roomSignals.poll()) != null) {
            PartitionState partition = partitions.get(tp);
            if (partition == null || !partition.paused) {
                continue;
            }
            while (!partition.pending.isEmpty()) {
                if (!offer(partition, partition.pending.peek())) {
                    break;
                }
                partition.pending.poll();
            }
            if (partition.pending.isEmpty()) {
                consumer.resume(Set.of(tp));
                partition.paused = false;
                stats.resumed();
            }
        }
    }

    /**
     * Pushes {@code record}'s audio into its stream's source (for MP3, the PCM of the frames it
     * completes, decoded once by the stream's decoder); false (nothing more taken, a room signal
     * registered, what was decoded and not pushed held by the stream) when the source is full. A
     * record that is invalid, a duplicate, or for a stream whose subscriber cancelled is counted and
     * taken (while the ingestion closes, left waiting).
     */
    private boolean offer(PartitionState partition, ConsumerRecord<byte[], byte[]> record) {
        AudioRecords.Head head;
        KafkaStream stream;
        try {
            head = AudioRecords.head(record);
            stream = stream(partition, record, head);
            if (stream.held == null || stream.heldOffset != record.offset()) {
                if (head.sequence() <= stream.lastSequence) {
                    stats.duplicate();
                    return true;
                }
                stream.held = audio(partition, stream, record, head);
                if (stream.held == null) {
                    stats.duplicate();
                    return true;
                }
                stream.heldOffset = record.offset();
            }
        } catch (AudioRecordException e) {
            stats.rejected();
            LOG.warn(e.getMessage());
            rejections.tryEmitNext(e);
            return true;
        }
        if (stream.cancelled) {
            stream.held = null;
            return skipCancelled();
        }
        long missing = stream.lastSequence < 0 ? 0 : head.sequence() - stream.lastSequence - 1;
        if (missing > 0 && stream.gapCountedAt != head.sequence()) {
            stats.sequenceGap(missing);
            stream.gapCountedAt = head.sequence();
        }
        for (AudioRecord chunk; (chunk = stream.held.peek()) != null; stream.held.poll()) {
            boolean taken;
            try {
                taken = stream.push().tryPush(chunk.position(), chunk.samples());
            } catch (LiveOverflowException | IllegalStateException e) {
                stream.cancelled = true;
                stream.held = null;
                return skipCancelled();
            }
            if (!taken) {
                stream.push().whenRoom(chunk.frames(), () -> roomSignals.add(partition.tp));
                return false;
            }
        }
        stream.held = null;
        stream.lastSequence = head.sequence();
        partition.inFlight.add(new InFlight(record.offset(), stream, head.position(), stream.heldEnd));
        return true;
    }

    /**
     * The audio of {@code record}, a new one of {@code stream}, as chunks to push: its PCM, or the
     * PCM its MP3 frames complete; under exactly once, without what the committed results cover
     * (null if they cover the whole record). Sets the stream's {@code heldEnd} to the record's end.
     */
    private java.util.ArrayDeque<AudioRecord> audio(PartitionState partition, KafkaStream stream,
            ConsumerRecord<byte[], byte[]> record, AudioRecords.Head head) {
        List<AudioRecord> chunks;
        if (head.mp3()) {
            if (stream.mp3 == null) {
                stream.mp3 = new StreamMp3Decoder(stream.id(), stream.format());
            }
            StringBuilder reason = new StringBuilder();
            int frames = StreamMp3Decoder.pcmFrames(record.value() == null ? new byte[0] : record.value(),
                    stream.format(), reason);
            if (frames < 0) {
                throw AudioRecords.invalid(record, reason.toString());
            }
            long concealed = stream.mp3.concealedFrames();
            chunks = stream.mp3.decode(head.sequence(), head.position(), head.captureUnixNanos(), record.value(), frames);
            stats.concealed(stream.mp3.concealedFrames() - concealed);
            stream.heldEnd = head.position() + frames;
        } else {
            AudioRecord pcm = AudioRecords.decode(record);
            chunks = List.of(pcm);
            stream.heldEnd = pcm.end();
        }
        Long covered = partition.resume.get(stream.id());
        if (covered != null && stream.heldEnd <= covered) {
            return null;
        }
        java.util.ArrayDeque<AudioRecord> out = new java.util.ArrayDeque<>(chunks.size());
        for (AudioRecord chunk : chunks) {
            Long resume = partition.resume.get(stream.id());
            if (resume == null) {
                out.add(chunk);
            } else if (chunk.end() > resume) {
                partition.resume.remove(stream.id());
                out.add(from(chunk, resume));
            }
        }
        return out;
    }

    /** The part of {@code audio} from stream position {@code position} on (all of it if it starts there or later). */
    private static AudioRecord from(AudioRecord audio, long position) {
        if (position <= audio.position()) {
            return audio;
        }
        int frames = (int) (position - audio.position());
        int channels = audio.format().channels();
        return new AudioRecord(audio.streamId(), audio.format(), audio.sequence(), position,
                audio.captureUnixNanos() + frames * 1_000_000_000L / audio.format().sampleRate(),
                java.util.Arrays.copyOfRange(audio.samples(), frames * channels, audio.samples().length));
    }

    /**
     * A record of a stream whose subscriber cancelled: skipped and counted (true), or, while the
     * ingestion closes, left waiting (false) so that it is not committed.
     */
    private boolean skipCancelled() {
        if (closing) {
            return false;
        }
        stats.ignored();
        return true;
    }

    /** The record's stream, made (and emitted) on its first record. */
    private KafkaStream stream(PartitionState partition, ConsumerRecord<byte[], byte[]> record, AudioRecords.Head audio) {
        KafkaStream stream = byId.get(audio.streamId());
        if (stream == null) {
            stream = new KafkaStream(streamNumbers++, audio.streamId(), record.topic(), record.partition(),
                    settings.sourceBuilders().apply(audio.format()).build());
            byId.put(audio.streamId(), stream);
            partition.streams.add(stream);
            streams.tryEmitNext(stream);
        } else if (stream.partition() != record.partition()) {
            throw new AudioRecordException(record.topic(), record.partition(), record.offset(), "stream '"
                    + audio.streamId() + "' is read from partition " + stream.partition() + ": a stream stays in one");
        } else if (!stream.format().equals(audio.format())) {
            throw new AudioRecordException(record.topic(), record.partition(), record.offset(), "stream '"
                    + audio.streamId() + "' changed format from " + stream.format() + " to " + audio.format());
        }
        return stream;
    }

    /** Commits, per partition, the offset of the first record not yet delivered, if it moved: synchronously when {@code now}. */
    private void commit(boolean now) {
        long nanos = System.nanoTime();
        if (!now && nanos - nextCommitNanos < 0) {
            return;
        }
        nextCommitNanos = nanos + settings.commitIntervalSetting().toNanos();
        commit(partitions.values(), now);
    }

    private void commit(Collection<PartitionState> which, boolean now) {
        if (transactions != null) {
            commitTransaction();
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState partition : which) {
            long offset = partition.committable(settings.commitPoint(), closing);
            if (offset > partition.committed) {
                offsets.put(partition.tp, new OffsetAndMetadata(offset));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (now) {
            try {
                consumer.commitSync(offsets);
                committed(offsets);
            } catch (KafkaException e) {
                stats.commitFailed();
                LOG.warn("committing offsets " + offsets + " failed", e);
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error == null) {
                    committed(done);
                } else {
                    stats.commitFailed();
                }
            });
        }
    }

    /**
     * Has the sink commit its transaction with the offsets (and resume positions) of every assigned
     * partition that changed, computed here, on the consumer's thread, once the sink flushed.
     *
     * @throws KafkaException if the transaction failed: the ingestion fails
     */
    private void commitTransaction() {
        Map<TopicPartition, OffsetAndMetadata> changed = new HashMap<>();
        transactions.commitTransaction(() -> {
            for (PartitionState partition : partitions.values()) {
                long offset = partition.committable(CommitPoint.ACKNOWLEDGED, closing);
                if (offset >= 0) {
                    OffsetAndMetadata now = new OffsetAndMetadata(offset, partition.resumeMetadata());
                    if (!now.equals(lastSent.get(partition.tp))) {
                        changed.put(partition.tp, now);
                    }
                }
            }
            return new KafkaResultSink.TransactionOffsets(changed, consumer.groupMetadata());
        });
        lastSent.putAll(changed);
        if (!changed.isEmpty()) {
            committed(changed);
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        stats.committed();
        offsets.forEach((tp, offset) -> {
            PartitionState partition = partitions.get(tp);
            if (partition != null) {
                partition.committed = Math.max(partition.committed, offset.offset());
            }
        });
    }

    /**
     * Publishes the partitions' lag, once a second. A partition being fetched knows its end from
     * the last fetch ({@code currentLag}, no request); only for the others (paused, or not fetched
     * yet) are the end offsets asked of the broker, a request that holds up the poll loop, so a
     * consumer that keeps up never waits for it.
     */
    private void refreshLags() {
        long nanos = System.nanoTime();
        if (nanos - nextLagNanos < 0) {
            return;
        }
        nextLagNanos = nanos + LAG_INTERVAL.toNanos();
        Map<TopicPartition, Long> ends = new HashMap<>();
        Set<TopicPartition> ask = new java.util.HashSet<>();
        for (PartitionState partition : partitions.values()) {
            java.util.OptionalLong behind = partition.paused ? java.util.OptionalLong.empty()
                    : consumer.currentLag(partition.tp);
            if (behind.isPresent()) {
                ends.put(partition.tp, consumer.position(partition.tp) + behind.getAsLong());
            } else {
                ask.add(partition.tp);
            }
        }
        if (!ask.isEmpty()) {
            try {
                ends.putAll(consumer.endOffsets(ask, LAG_INTERVAL));
            } catch (KafkaException e) {
                LOG.debug("reading the end offsets of " + ask + " failed", e);
            }
        }
        List<PartitionLag> now = new ArrayList<>(partitions.size());
        for (PartitionState partition : partitions.values()) {
            Long end = ends.get(partition.tp);
            long delivered = partition.committable(settings.commitPoint(), closing);
            now.add(new PartitionLag(partition.tp.topic(), partition.tp.partition(), partition.committed,
                    end == null ? -1 : end - Math.max(0, delivered), partition.paused));
        }
        lags = List.copyOf(now);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        stats.rebalanced();
        for (TopicPartition tp : assigned) {
            partitions.put(tp, new PartitionState(tp));
        }
        if (transactions != null && !assigned.isEmpty()) {
            consumer.committed(Set.copyOf(assigned)).forEach((tp, offset) -> {
                if (offset != null) {
                    partitions.get(tp).resume.putAll(ResumePositions.decode(offset.metadata()));
                    lastSent.put(tp, offset);
                }
            });
        }
        LOG.info("assigned " + assigned);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        giveUp(revoked, true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        giveUp(lost, false);
    }

    /**
     * Ends the streams of partitions this consumer no longer owns: completes their sources, and,
     * when the partitions were revoked (not lost), waits for the audio buffered to be delivered and
     * commits it.
     */
    private void giveUp(Collection<TopicPartition> tps, boolean commit) {
        List<PartitionState> leaving = new ArrayList<>();
        for (TopicPartition tp : tps) {
            PartitionState partition = partitions.get(tp);
            if (partition == null) {
                continue;
            }
            leaving.add(partition);
            for (KafkaStream stream : partition.streams) {
                stream.ended(StreamEnd.REVOKED, null);
                byId.remove(stream.id());
            }
        }
        if (commit) {
            long deadline = System.nanoTime() + settings.revokeFlushTimeoutSetting().toNanos();
            while (System.nanoTime() - deadline < 0 && !leaving.stream().allMatch(p -> p.delivered(settings.commitPoint(), closing))) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            commit(leaving, true);
        }
        for (PartitionState partition : leaving) {
            stats.revoked(partition.streams.size(), partition.pending.size());
            partitions.remove(partition.tp);
            lastSent.remove(partition.tp);
        }
        LOG.info((commit ? "revoked " : "lost ") + tps);
    }

    /** A record pushed into a stream's source and not yet known to be delivered. */
    private record InFlight(long offset, KafkaStream stream, long position, long end) {

        /**
         * Whether the record may be committed: delivered, or its stream failed, or its subscriber
         * cancelled the stream alone. When the ingestion is {@code closing} (closed, or its streams'
         * subscriber cancelled, which cancels the streams with it), a cancelled stream's records
         * count only as far as they were delivered: the next consumer reads the rest.
         */
        boolean done(CommitPoint point, boolean closing) {
            return (stream.cancelled && !closing) || stream.deliveredEnd(point) >= end
                    || stream.end() == StreamEnd.FAILED;
        }
    }

    /** What the consumer knows of one assigned partition. */
    private static final class PartitionState {

        final TopicPartition tp;
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
        final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        final List<KafkaStream> streams = new ArrayList<>();
        /** Exactly once: where each stream's committed results end, until its audio past there is read. */
        final Map<String, Long> resume = new HashMap<>();
        long nextOffset = -1;
        long committed = -1;
        boolean paused;

        PartitionState(TopicPartition tp) {
            this.tp = tp;
        }

        /** The offset of the first record not delivered (or past the last one polled), -1 if none was polled. */
        long committable(CommitPoint point, boolean closing) {
            while (!inFlight.isEmpty() && inFlight.peek().done(point, closing)) {
                inFlight.poll();
            }
            if (!inFlight.isEmpty()) {
                return inFlight.peek().offset();
            }
            if (!pending.isEmpty()) {
                return pending.peek().offset();
            }
            return nextOffset;
        }

        /**
         * The offset metadata of a transaction ({@link ResumePositions}): for each stream whose
         * acknowledged results reach into a record from the committable offset on, where they end,
         * and the positions not yet reached since they were read back. Call after {@link #committable}.
         */
        String resumeMetadata() {
            Map<String, Long> positions = new java.util.LinkedHashMap<>(resume);
            Set<String> seen = new java.util.HashSet<>();
            for (InFlight record : inFlight) {
                if (seen.add(record.stream().id())) {
                    long end = record.stream().deliveredEnd(CommitPoint.ACKNOWLEDGED);
                    if (end > record.position()) {
                        positions.put(record.stream().id(), end);
                    }
                }
            }
            return ResumePositions.encode(positions);
        }

        /** Whether every record pushed into the partition's streams was delivered. */
        boolean delivered(CommitPoint point, boolean closing) {
            committable(point, closing);
            return inFlight.isEmpty();
        }
    }
}
