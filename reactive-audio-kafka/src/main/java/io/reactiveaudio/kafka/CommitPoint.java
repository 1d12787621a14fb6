package io.reactiveaudio.kafka;

/** When a record counts as delivered, so its offset may be committed (at-least-once). */
public enum CommitPoint {

    /**
     * When the stream's source hands the record's last frame to its subscriber (default). The
     * window or feature frames in progress in the operators after the source are not covered: a
     * crash may lose them, at most one window per stream.
     */
    HANDED_OUT,

    /**
     * When the application acknowledges the record's last frame with {@link KafkaStream#acknowledge(long)}
     * (the {@link KafkaResultSink} does, once the output topic has the results): nothing that
     * produced no delivered result is committed.
     */
    ACKNOWLEDGED
}
