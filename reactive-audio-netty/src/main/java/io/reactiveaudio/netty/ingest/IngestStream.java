package io.reactiveaudio.netty.ingest;

import io.reactiveaudio.live.PushSource;

/**
 * One live stream received by an ingest endpoint: a connection's audio as a live source.
 *
 * @param id     a name for logs and metrics: the remote address and a connection number
 * @param source the stream's live source (subscribe to its {@code flux()} once)
 */
public record IngestStream(String id, PushSource source) {
}
