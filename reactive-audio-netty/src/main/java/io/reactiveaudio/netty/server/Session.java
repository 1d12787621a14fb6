package io.reactiveaudio.netty.server;

import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import io.reactiveaudio.netty.protocol.Welcome;
import io.reactiveaudio.netty.server.InboundMessage.Credit;
import io.reactiveaudio.netty.server.InboundMessage.Violation;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One connection, from handshake to close: checks the handshake, sends WELCOME, then turns
 * credits into batches from the connection's {@link Feed} and writes them until the stream ends,
 * the client breaks the protocol or leaves. Runs on the connection's event loop, except what the
 * feed does on the pipeline's threads; nothing here blocks.
 */
final class Session {

    private static final Logger LOG = Loggers.getLogger(Session.class);

    /**
     * How long the connection stays open after its last frame (end of stream or an error) for the
     * client to read it and close first: closing at once would answer a credit still in flight
     * with a reset, which can destroy the last frames before the client reads them.
     */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final AudioServer server;
    private final Connection connection;
    private final NettyOutbound out;
    private final String client;
    private Outbox outbox;
    /** Credit granted by the client; changed on the event loop only. */
    private volatile long granted;
    /** BATCH frames completely written to the socket; changed on the event loop only. */
    private volatile long written;

    Session(AudioServer server, Connection connection, NettyOutbound out) {
        this.server = server;
        this.connection = connection;
        this.out = out;
        this.client = String.valueOf(connection.channel().remoteAddress());
    }

    /** Runs the connection; completes when it should close. */
    Mono<Void> run(NettyInbound in) {
        Flux<Object> inbound = in.receiveObject().map(Object.class::cast)
                .timeout(Mono.delay(server.settings().handshakeTimeout()), first -> Mono.never());
        return inbound.switchOnFirst((first, all) -> start(first, all.skip(1))).then();
    }

    /** Asks the connection to end with {@code failure}, if it still runs. */
    void fail(Failure failure) {
        Outbox current;
        synchronized (this) {
            current = outbox;
        }
        if (current != null) {
            current.fail(failure);
        }
    }

    /**
     * Closes the connection now, whatever it still had to write: the frames not yet written are
     * dropped and their batches released (on a shared stream, dealt to the next member).
     */
    void close() {
        connection.dispose();
    }

    private Mono<Void> start(Signal<?> first, Flux<Object> rest) {
        if (first.isOnError() && first.getThrowable() instanceof TimeoutException) {
            return refuse(ErrorCode.HANDSHAKE_TIMEOUT, "no complete handshake within "
                    + server.settings().handshakeTimeout().toMillis() + " ms");
        }
        if (!first.hasValue()) {
            if (first.isOnError()) {
                LOG.warn("connection failed before its handshake", first.getThrowable());
            }
            return Mono.empty();
        }
        Object message = first.get();
        if (message instanceof Violation violation) {
            return refuse(violation.code(), violation.message());
        }
        Handshake handshake = (Handshake) message;
        Failure refusal = check(handshake);
        if (refusal != null) {
            return refuse(refusal.code(), refusal.message());
        }
        return serve(handshake, server.stream(handshake.stream()), rest);
    }

    private Failure check(Handshake handshake) {
        byte[] token = server.settings().token();
        if (token != null && !MessageDigest.isEqual(token, handshake.token())) {
            return new Failure(ErrorCode.UNAUTHORIZED, "missing or wrong token");
        }
        ServedStream stream = server.stream(handshake.stream());
        if (stream == null) {
            return new Failure(ErrorCode.UNKNOWN_STREAM, "no stream named " + handshake.stream());
        }
        if (stream.shared()) {
            return null;
        }
        String shard = StreamRequest.checkShard(handshake.rank(), handshake.worldSize());
        if (shard != null) {
            return new Failure(ErrorCode.BAD_REQUEST, shard);
        }
        if (handshake.resuming()) {
            try {
                Checkpoint checkpoint = Checkpoint.fromBytes(handshake.resume());
                if (checkpoint.epoch() != handshake.epoch()) {
                    return new Failure(ErrorCode.BAD_CHECKPOINT, "the checkpoint is from epoch " + checkpoint.epoch()
                            + ", the handshake asks for epoch " + handshake.epoch());
                }
            } catch (IllegalArgumentException e) {
                return new Failure(ErrorCode.BAD_CHECKPOINT, String.valueOf(e.getMessage()));
            }
        }
        return null;
    }

    private Mono<Void> serve(Handshake handshake, ServedStream stream, Flux<Object> credits) {
        Outbox box = new Outbox(o -> feed(handshake, stream, o));
        synchronized (this) {
            outbox = box;
        }
        long epoch = stream.shared() ? server.shared(stream).epoch() : handshake.epoch();
        Welcome welcome = new Welcome(Handshake.VERSION, server.settings().maxCredit(), stream.shared(), epoch);
        ServerMetrics.Connection meters = server.metrics().connection(stream.name(), client, () -> granted - written);
        LongConsumer sent = frameBytes -> {
            written++;
            meters.sent(frameBytes);
        };
        Flux<Object> frames = Flux.concat(Mono.fromCallable(() -> welcome.encode(out.alloc())),
                        box.flux().map(event -> event.encode(out.alloc(), stream.name(), !stream.shared(), sent)))
                .doOnDiscard(OutboundEvent.class, OutboundEvent::unsent);
        Mono<Void> sending = out.sendObject(frames).then();
        Mono<Void> receiving = credits.doOnNext(message -> receive(box, message))
                .onErrorResume(e -> Mono.empty())
                .then();
        Mono<Void> lingering = sending.then(Mono.delay(LINGER).then());
        return Mono.firstWithSignal(lingering, receiving).onErrorResume(e -> Mono.empty())
                .doFinally(signal -> meters.close());
    }

    private Feed feed(Handshake handshake, ServedStream stream, Outbox box) {
        if (stream.shared()) {
            return server.shared(stream).join(box);
        }
        Checkpoint resume = handshake.resuming() ? Checkpoint.fromBytes(handshake.resume()) : null;
        long epochs = handshake.epochs() == 0 ? Long.MAX_VALUE : handshake.epochs();
        return CreditGate.start(EpochEvents.of(stream.source(), stream.name(), handshake.rank(), handshake.worldSize(),
                handshake.seed(), handshake.epoch(), epochs, resume, box::offer), box);
    }

    private void receive(Outbox box, Object message) {
        if (message instanceof Violation violation) {
            box.fail(new Failure(violation.code(), violation.message()));
        } else if (message instanceof Credit credit) {
            granted += credit.n();
            long outstanding = granted - written;
            int max = server.settings().maxCredit();
            if (outstanding > max) {
                box.fail(new Failure(ErrorCode.CREDIT_OVERFLOW, "outstanding credit would be " + outstanding + " ("
                        + granted + " granted, " + written + " BATCH frames completely written), above max_credit "
                        + max));
            } else {
                box.feedCredit(credit.n());
            }
        }
    }

    private Mono<Void> refuse(ErrorCode code, String message) {
        return out.send(Mono.fromCallable(() -> Frames.error(out.alloc(), code.code(), message))).then()
                .onErrorResume(e -> Mono.empty());
    }
}
