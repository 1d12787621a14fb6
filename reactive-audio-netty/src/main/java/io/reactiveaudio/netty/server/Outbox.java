package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.util.context.ContextView;

/**
 * One connection's queue of events to send: its {@link Feed} offers them, the socket writer
 * drains them. It holds only what the feed made against the client's credit; when it is
 * cancelled (the connection closed) the queued events go to the subscriber's discard hook (which
 * hands each batch back to its dealer, {@link OutboundEvent#unsent()}) and later offers are
 * refused, so the feed keeps what it could not hand over. Credit and a failure that arrive before
 * the writer subscribes are kept until it does.
 *
 * <p>Thread-safe: offers may come from any thread, one at a time or concurrently.
 */
final class Outbox {

    private final Function<Outbox, Feed> feeds;
    private FluxSink<OutboundEvent> sink;
    private Feed feed;
    private boolean closed;
    private Failure early;
    private long earlyCredit;

    /** @param feeds starts the feed once the writer subscribes */
    Outbox(Function<Outbox, Feed> feeds) {
        this.feeds = feeds;
    }

    /** The events, once; subscribing starts the feed. */
    Flux<OutboundEvent> flux() {
        return Flux.create(s -> {
            Failure failed;
            synchronized (this) {
                sink = s;
                failed = early;
            }
            if (failed != null) {
                s.next(failed);
                s.complete();
                return;
            }
            s.onDispose(this::closed);
            Feed started = feeds.apply(this);
            boolean cancel;
            long credit;
            synchronized (this) {
                feed = started;
                cancel = closed;
                credit = earlyCredit;
                earlyCredit = 0;
            }
            if (cancel) {
                started.stop();
            } else if (credit > 0) {
                started.credit(credit);
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * Queues an event; after a last one ({@link OutboundEvent#last()}) the stream completes.
     *
     * @return false if the outbox is closed, and the caller still owns the event
     */
    boolean offer(OutboundEvent event) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (sink == null) {
                if (event instanceof Failure failure) {
                    early = failure;
                    closed = true;
                    return true;
                }
                return false;
            }
            // closed before the event goes out: whatever runs downstream on this thread may offer again
            closed = event.last();
            sink.next(event);
            if (closed) {
                sink.complete();
            }
        }
        return true;
    }

    /** Sends {@code failure} as the last event, unless the stream already ended, and stops the feed. */
    void fail(Failure failure) {
        offer(failure);
        cancelFeed();
    }

    /** Passes the client's credit to the feed, or keeps it until the feed starts. */
    void feedCredit(long n) {
        Feed current;
        synchronized (this) {
            if (feed == null) {
                earlyCredit += n;
                return;
            }
            current = feed;
        }
        current.credit(n);
    }

    /** The writer's context, for discard hooks upstream of the feed. */
    synchronized ContextView context() {
        return sink.contextView();
    }

    private void closed() {
        synchronized (this) {
            closed = true;
        }
        cancelFeed();
    }

    private void cancelFeed() {
        Feed current;
        synchronized (this) {
            current = feed;
        }
        if (current != null) {
            current.stop();
        }
    }
}
