package io.reactiveaudio.kafka;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a Kafka ingestion, over every stream and partition (each stream's audio counters are
 * in its source's {@link io.reactiveaudio.live.LiveStats}). Thread-safe.
 */
public final class KafkaIngestStats {

    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder sequenceGaps = new LongAdder();
    private final LongAdder missingRecords = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder concealed = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder pauses = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder revokedStreams = new LongAdder();
    private final LongAdder revokedRecords = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder commitFailures = new LongAdder();
    private final LongAdder rebalances = new LongAdder();

    /**
     * The counters at one moment (each read atomically, not all together).
     *
     * @param records         records polled from Kafka
     * @param bytes           bytes of those records' values
     * @param duplicates      records dropped because their stream had already taken that sequence
     *                        number (a replay after a restart, a rebalance or a retry)
     * @param sequenceGaps    jumps forward in a stream's sequence numbers (records that never arrived)
     * @param missingRecords  records those jumps skipped
     * @param rejectedRecords records that are not valid audio records ({@link AudioRecordException}), skipped
     * @param concealedFrames MPEG frames of MP3 records that did not decode and were replaced by silence
     *                        (a stream read from mid-way: its first frames may need earlier ones)
     * @param ignoredRecords  records of a stream whose subscriber had cancelled, skipped
     * @param pauses          times a partition was paused because a stream's buffer was full
     * @param resumes         times a paused partition was resumed
     * @param revokedStreams  streams closed because their partition was revoked by a rebalance
     * @param revokedRecords  records polled but not yet pushed when their partition was revoked (the
     *                        partition's new owner reads them again from the committed offset)
     * @param commits         offset commits that succeeded
     * @param commitFailures  offset commits that failed (retried by the next commit)
     * @param rebalances      partition assignments received
     */
    public record Counts(long records, long bytes, long duplicates, long sequenceGaps, long missingRecords,
            long rejectedRecords, long concealedFrames, long ignoredRecords, long pauses, long resumes, long revokedStreams, long revokedRecords, long commits,
            long commitFailures, long rebalances) {
    }

    /** The counters now. */
    public Counts snapshot() {
        return new Counts(records.sum(), bytes.sum(), duplicates.sum(), sequenceGaps.sum(), missingRecords.sum(), rejected.sum(), concealed.sum(),
                ignored.sum(), pauses.sum(), resumes.sum(), revokedStreams.sum(), revokedRecords.sum(), commits.sum(),
                commitFailures.sum(), rebalances.sum());
    }

    void record(int valueBytes) {
        records.increment();
        bytes.add(valueBytes);
    }

    void duplicate() {
        duplicates.increment();
    }

    void sequenceGap(long missing) {
        sequenceGaps.increment();
        missingRecords.add(missing);
    }

    void rejected() {
        rejected.increment();
    }

    void concealed(long frames) {
        concealed.add(frames);
    }

    void ignored() {
        ignored.increment();
    }

    void paused() {
        pauses.increment();
    }

    void resumed() {
        resumes.increment();
    }

    void revoked(int streams, int records) {
        revokedStreams.add(streams);
        revokedRecords.add(records);
    }

    void committed() {
        commits.increment();
    }

    void commitFailed() {
        commitFailures.increment();
    }

    void rebalanced() {
        rebalances.increment();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
