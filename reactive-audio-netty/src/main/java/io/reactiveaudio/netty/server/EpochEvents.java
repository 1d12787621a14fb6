package io.reactiveaudio.netty.server;

import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.server.OutboundEvent.BatchEvent;
import io.reactiveaudio.netty.server.OutboundEvent.EpochEnd;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import io.reactiveaudio.netty.server.OutboundEvent.StreamEnd;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The batches of a stream from one epoch on, each epoch's source opened when the previous epoch
 * ends, for {@code epochs} epochs or until a fresh epoch without batches. The markers between
 * them go to a callback instead of the flux, the moment they are due, so they need no demand:
 * the flux's demand is exactly the batches the client granted. The callback gets an
 * {@link EpochEnd} after each epoch's last batch, a {@link StreamEnd} when a fresh epoch has no
 * batch, and a {@link Failure} if a source fails ({@code BAD_CHECKPOINT} when a resumed epoch
 * rejects its checkpoint before its first batch, {@code STREAM_FAILED} otherwise); after either
 * of the last two the flux completes. It also completes, without a marker, after the last epoch.
 */
final class EpochEvents {

    private static final Logger LOG = Loggers.getLogger(EpochEvents.class);

    private EpochEvents() {
    }

    /**
     * @param epochs how many epochs from {@code first}; {@code Long.MAX_VALUE} for all
     * @param resume the checkpoint to resume after within epoch {@code first}, or null
     * @param markers receives the markers, on the thread that ends an epoch
     */
    static Flux<OutboundEvent> of(TensorSource source, String stream, int rank, int worldSize, long seed, long first,
                                  long epochs, Checkpoint resume, Consumer<OutboundEvent> markers) {
        return Flux.defer(() -> {
            AtomicBoolean ended = new AtomicBoolean();
            Flux<Long> numbers = Flux.generate(() -> 0L, (done, sink) -> {
                if (ended.get() || done >= epochs || first + done < 0) {
                    sink.complete();
                } else {
                    sink.next(first + done);
                }
                return done + 1;
            });
            return numbers.concatMap(epoch -> epoch(source, stream, new StreamRequest(rank, worldSize, seed, epoch,
                    Optional.ofNullable(epoch == first ? resume : null)), marker -> {
                        if (marker.last()) {
                            ended.set(true);
                        }
                        markers.accept(marker);
                    }), 0);
        });
    }

    private static Flux<OutboundEvent> epoch(TensorSource source, String stream, StreamRequest request,
                                             Consumer<OutboundEvent> markers) {
        return Flux.defer(() -> {
            long[] sent = {0};
            long before = request.resume().map(Checkpoint::batches).orElse(0L);
            return source.open(request)
                    .<OutboundEvent>map(tensors -> new BatchEvent(tensors, request.epoch(), before + ++sent[0]))
                    .concatWith(Mono.fromRunnable(() -> markers.accept(sent[0] == 0 && request.resume().isEmpty()
                            ? new StreamEnd() : new EpochEnd(request.epoch(), sent[0]))))
                    .onErrorResume(e -> Mono.fromRunnable(() -> markers.accept(failure(stream, request, sent[0], e))));
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
