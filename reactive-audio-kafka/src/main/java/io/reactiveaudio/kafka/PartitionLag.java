package io.reactiveaudio.kafka;

/**
 * Where one assigned partition stands, as the consumer last saw it.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param committed the offset committed for the group (the next record a new owner would read), or -1 before the first commit
 * @param lag       records from the first one not yet delivered to the partition's end (refreshed once a
 *                  second), or -1 while unknown
 * @param paused    whether the partition is paused because a stream's buffer is full
 */
public record PartitionLag(String topic, int partition, long committed, long lag, boolean paused) {
}
