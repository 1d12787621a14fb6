package io.reactiveaudio.netty.ingest;

import io.reactiveaudio.live.PushSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Pushes into a live source without blocking a network thread: at once if the chunk fits, else when
 * the consumer has made room. A reader that waits for this Mono before reading more bytes carries
 * the live source's backpressure to the socket. Stateless.
 */
final class AsyncPush {

    private AsyncPush() {
    }

    /** Completes when {@code samples} are in {@code source}; fails if the source was cancelled or ended. */
    static Mono<Void> push(PushSource source, float[] samples) {
        if (source.tryPush(samples)) {
            return Mono.empty();
        }
        return Mono.create(sink -> retry(source, samples, sink));
    }

    private static void retry(PushSource source, float[] samples, MonoSink<Void> sink) {
        source.whenRoom(samples.length / source.format().channels(), () -> {
            try {
                if (source.tryPush(samples)) {
                    sink.success();
                } else {
                    retry(source, samples, sink);
                }
            } catch (RuntimeException e) {
                sink.error(e);
            }
        });
    }
}
