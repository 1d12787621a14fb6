package io.reactiveaudio.live;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.util.context.Context;

/**
 * {@code concatMapIterable} without prefetch: each upstream element becomes the items of an
 * iterable, and the next element is requested only once the previous one's items are all emitted
 * and downstream still asks for more. At most one element is requested at a time, and none while
 * downstream asks for nothing, so a stalled consumer leaves every element it did not ask for
 * upstream (in a live source's bounded buffer, where the overflow strategy acts). Reactor's
 * {@code concatMapIterable} and {@code concatMap} both request the next element as soon as the
 * previous one is used up, whatever the demand.
 *
 * <p>The mapper runs on the thread that delivers an element or asks for items, one call at a
 * time; items are emitted in order. Upstream errors and completion are passed on once every item
 * before them is emitted; a mapper that throws fails the flux and cancels upstream. Cancelling
 * cancels upstream; the items not emitted are dropped (nothing to release).
 */
final class OnDemand {

    private OnDemand() {
    }

    /** The items of {@code mapper}'s iterable for each element of {@code source}, in order, on demand. */
    static <T, R> Flux<R> concatMapIterable(Flux<T> source, Function<? super T, ? extends Iterable<? extends R>> mapper) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mapper, "mapper");
        return Flux.create(sink -> new Pull<T, R>(sink, mapper).start(source), FluxSink.OverflowStrategy.ERROR);
    }

    /** One subscription: pulls elements one at a time, as the sink's demand needs them. */
    private static final class Pull<T, R> extends BaseSubscriber<T> {

        private final FluxSink<R> sink;
        private final Function<? super T, ? extends Iterable<? extends R>> mapper;
        private final Context context;
        private final AtomicInteger wip = new AtomicInteger();
        private volatile T arrived;
        private volatile boolean done;
        private volatile Throwable error;
        /** The current element's items not yet emitted; only the drain loop uses it. */
        private Iterator<? extends R> items;
        /** Whether an element was requested and has not arrived; only the drain loop uses it. */
        private boolean awaiting;

        Pull(FluxSink<R> sink, Function<? super T, ? extends Iterable<? extends R>> mapper) {
            this.sink = sink;
            this.mapper = mapper;
            this.context = Context.of(sink.contextView());
        }

        void start(Flux<T> source) {
            sink.onRequest(n -> drain());
            sink.onDispose(this::dispose);
            source.subscribe(this);
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            drain();
        }

        @Override
        protected void hookOnNext(T element) {
            arrived = element;
            drain();
        }

        @Override
        protected void hookOnComplete() {
            done = true;
            drain();
        }

        @Override
        protected void hookOnError(Throwable failure) {
            error = failure;
            done = true;
            drain();
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (sink.isCancelled()) {
                    items = null;
                    return;
                }
                boolean ended = done; // read first: an element that came before the end is then seen
                T element = arrived;
                if (element != null) {
                    arrived = null;
                    awaiting = false;
                    try {
                        items = mapper.apply(element).iterator();
                    } catch (RuntimeException e) {
                        dispose();
                        sink.error(e);
                        return;
                    }
                }
                long requested = sink.requestedFromDownstream();
                while (requested > 0 && items != null && items.hasNext()) {
                    sink.next(items.next());
                    requested--;
                }
                if (items != null && !items.hasNext()) {
                    items = null;
                }
                if (items == null && ended) {
                    if (error != null) {
                        sink.error(error);
                    } else {
                        sink.complete();
                    }
                    return;
                }
                if (items == null && !awaiting && requested > 0 && upstream() != null) {
                    awaiting = true;
                    request(1);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
