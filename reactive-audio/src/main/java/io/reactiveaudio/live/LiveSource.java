package io.reactiveaudio.live;

import reactor.core.publisher.Flux;

/**
 * A source of live audio: one subscriber receives its chunks in stream order, on demand, through
 * the source's bounded buffer and overflow strategy. Implementations are thread-safe.
 */
public interface LiveSource {

    /** Sample rate and channels of every chunk. */
    LiveFormat format();

    /**
     * The chunks, for one subscriber (a second subscription fails with {@link IllegalStateException}).
     * Cancelling stops the source and drops what it buffered.
     */
    Flux<LiveChunk> flux();

    /** The source's counters. */
    LiveStats stats();
}
