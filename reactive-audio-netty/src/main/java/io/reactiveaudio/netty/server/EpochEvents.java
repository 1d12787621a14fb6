package io.reactiveaudio.netty.server;

import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.server.OutboundEvent.BatchEvent;
import io.reactiveaudio.netty.server.OutboundEvent.EpochEnd;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import io.reactiveaudio.netty.server.OutboundEvent.StreamEnd;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The events of a stream from one epoch on: each epoch's batches (its source opened when the
 * previous epoch ends), an {@link EpochEnd} after each, and a {@link StreamEnd} after
 * {@code epochs} epochs or at the first fresh epoch without batches. A failing source becomes a
 * {@link Failure}: {@code BAD_CHECKPOINT} when a resumed epoch rejects its checkpoint before its
 * first batch, {@code STREAM_FAILED} otherwise. Batches are made only on request.
 */
final class EpochEvents {

    private static final Logger LOG = Loggers.getLogger(EpochEvents.class);

    private EpochEvents() {
    }

    /**
     * @param epochs how many epochs from {@code first}; {@code Long.MAX_VALUE} for all
     * @param resume the checkpoint to resume after within epoch {@code first}, or null
     */
    static Flux<OutboundEvent> of(TensorSource source, String stream, int rank, int worldSize, long seed, long first,
                                  long epochs, Checkpoint resume) {
        Flux<Long> numbers = Flux.generate(() -> 0L, (done, sink) -> {
            if (done >= epochs || first + done < 0) {
                sink.complete();
            } else {
                sink.next(first + done);
            }
            return done + 1;
        });
        return numbers.concatMap(epoch -> epoch(source, stream, new StreamRequest(rank, worldSize, seed, epoch,
                        Optional.ofNullable(epoch == first ? resume : null))), 0)
                .concatWith(Mono.just(new StreamEnd()))
                .takeUntil(OutboundEvent::last);
    }

    private static Flux<OutboundEvent> epoch(TensorSource source, String stream, StreamRequest request) {
        return Flux.defer(() -> {
            long[] sent = {0};
            long before = request.resume().map(Checkpoint::batches).orElse(0L);
            Flux<OutboundEvent> batches = source.open(request)
                    .map(tensors -> new BatchEvent(tensors, request.epoch(), before + ++sent[0]));
            return batches
                    .concatWith(Mono.fromSupplier(() -> sent[0] == 0 && request.resume().isEmpty()
                            ? new StreamEnd() : new EpochEnd(request.epoch(), sent[0])))
                    .onErrorResume(e -> Mono.just(failure(stream, request, sent[0], e)));
        });
    }

    private static Failure failure(String stream, StreamRequest request, long sent, Throwable e) {
        if (request.resume().isPresent() && sent == 0 && e instanceof IllegalArgumentException) {
            return new Failure(ErrorCode.BAD_CHECKPOINT, String.valueOf(e.getMessage()));
        }
        LOG.warn("stream {} failed in epoch {} for rank {}/{}", stream, request.epoch(), request.rank(),
                request.worldSize(), e);
        return new Failure(ErrorCode.STREAM_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
