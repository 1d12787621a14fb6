package io.reactiveaudio.kafka;

/**
 * A Kafka record that is not a valid audio record (a header missing or malformed, a value that is
 * not whole frames, an encoding this consumer does not decode), named by topic, partition and
 * offset. The consumer skips such a record, counts it ({@link KafkaIngestStats.Counts#rejectedRecords()})
 * and reports it through {@link KafkaIngestion#rejections()}.
 */
public final class AudioRecordException extends RuntimeException {

    private final String topic;
    private final int partition;
    private final long offset;

    /** An exception for the record at {@code offset} of {@code topic}'s partition {@code partition}. */
    public AudioRecordException(String topic, int partition, long offset, String reason) {
        super(topic + "-" + partition + " offset " + offset + ": " + reason);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The record's topic. */
    public String topic() {
        return topic;
    }

    /** The record's partition. */
    public int partition() {
        return partition;
    }

    /** The record's offset in its partition. */
    public long offset() {
        return offset;
    }
}
