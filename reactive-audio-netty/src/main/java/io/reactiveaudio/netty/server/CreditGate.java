package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import io.reactiveaudio.netty.server.OutboundEvent.StreamEnd;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * The feed of a connection with its own pipeline: every credit becomes a request for one batch,
 * so the pipeline makes no batch the client has not granted (the markers between epochs reach
 * the outbox by {@link EpochEvents}' callback, without demand). Thread-safe as a
 * {@link BaseSubscriber}.
 */
final class CreditGate extends BaseSubscriber<OutboundEvent> implements Feed {

    private final Outbox outbox;

    private CreditGate(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Subscribes a gate to {@code events} on behalf of {@code outbox}. */
    static CreditGate start(Flux<OutboundEvent> events, Outbox outbox) {
        CreditGate gate = new CreditGate(outbox);
        events.subscribe(gate);
        return gate;
    }

    @Override
    public Context currentContext() {
        return Context.of(outbox.context());
    }

    @Override
    protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
        // nothing is requested before the client grants credit
    }

    @Override
    protected void hookOnNext(OutboundEvent event) {
        if (!outbox.offer(event)) {
            event.release();
            dispose();
        }
    }

    @Override
    protected void hookOnComplete() {
        outbox.offer(new StreamEnd());
    }

    @Override
    protected void hookOnError(Throwable throwable) {
        outbox.offer(new Failure(ErrorCode.STREAM_FAILED, String.valueOf(throwable.getMessage())));
    }

    @Override
    public void credit(long n) {
        request(n);
    }

    @Override
    public void stop() {
        dispose();
    }
}
