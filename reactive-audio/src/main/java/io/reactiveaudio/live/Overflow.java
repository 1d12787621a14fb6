package io.reactiveaudio.live;

/**
 * What a live source does when its bounded buffer is full because the consumer is slower than real
 * time. Every strategy but {@link #BLOCK} counts what it drops in {@link LiveStats}.
 */
public enum Overflow {

    /**
     * Make the producer wait: {@code push} blocks until there is room, network ingest stops reading
     * the socket so TCP flow control slows the sender. Loses nothing.
     */
    BLOCK,

    /** Drop the oldest buffered chunks to make room for the new one (a ring buffer). */
    DROP_OLDEST,

    /** Drop the new chunk and keep what is buffered. */
    DROP_NEWEST,

    /** Keep only the newest chunk: each new chunk replaces any chunk not yet delivered. */
    LATEST,

    /** Fail the stream with a {@link LiveOverflowException}. */
    ERROR
}
