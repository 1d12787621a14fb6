package io.reactiveaudio.netty.server;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * A served stream of audio batches: the batches of one epoch for a {@link StreamRequest}. The
 * server opens it once per epoch of a connection (once per epoch of the stream when shared), on
 * a bounded-elastic thread, so opening may block briefly (listing a folder). The flux makes
 * batches only on request; the server requests one per credit and releases each batch once
 * written. A fresh epoch (not resumed) that yields no batch ends the stream.
 */
@FunctionalInterface
public interface BatchSource {

    /** The batches of {@code request}'s epoch, after its checkpoint if it has one. */
    Flux<Batch> open(StreamRequest request);

    /** Every epoch of {@code base}, narrowed to each request by {@link StreamRequest#apply}. */
    static BatchSource of(AudioPipeline base) {
        return of(base, Long.MAX_VALUE);
    }

    /** Epochs {@code 0 .. epochs - 1} of {@code base}, narrowed to each request; none after. */
    static BatchSource of(AudioPipeline base, long epochs) {
        Objects.requireNonNull(base, "base");
        return request -> request.epoch() >= epochs ? Flux.empty() : request.apply(base).flux();
    }
}
