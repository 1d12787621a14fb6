package io.reactiveaudio.kafka;

/** Why a Kafka stream's source ended. */
public enum StreamEnd {

    /** Its partition was revoked by a rebalance: another consumer of the group continues it from the committed offset. */
    REVOKED,

    /** The ingestion was closed. */
    CLOSED,

    /** The consumer failed; the source ended with the error. */
    FAILED
}
