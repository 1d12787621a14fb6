package io.reactiveaudio.netty.server;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * An endless stream of ready-made batches (no decoding: the serving path alone is measured),
 * each a buffer of {@code items × frames} mono floats taken from one pool shared by every
 * connection, so the pool's counters are the server's batch memory. The batches are made on
 * {@code parallel()}, as a pipeline's are.
 */
final class ReadyBatches {

    private ReadyBatches() {
    }

    /** The source of the stream: epoch 0 is endless, there is no epoch 1. */
    static BatchSource of(BufferPool pool, int items, int frames) {
        if ((long) items * frames * Float.BYTES > pool.capacity()) {
            throw new IllegalArgumentException("a batch of " + items + " x " + frames + " floats exceeds the pool's "
                    + pool.capacity() + " bytes");
        }
        return request -> request.epoch() >= 1 ? Flux.empty()
                : Flux.range(0, Integer.MAX_VALUE)
                .map(k -> Batch.wrap(pool, pool.acquire(), Layout.BTC, items, frames, 1, 16_000))
                .subscribeOn(Schedulers.parallel(), true);
    }
}
