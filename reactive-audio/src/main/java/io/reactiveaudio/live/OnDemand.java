package io.reactiveaudio.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Operators without prefetch: they request one upstream element at a time, and only while
 * downstream asks for something the elements already taken cannot give. None is requested while
 * downstream asks for nothing, so a stalled consumer leaves every element it did not ask for
 * upstream (in a live source's bounded buffer, where the overflow strategy acts). Reactor's
 * {@code concatMapIterable}, {@code concatMap} and {@code bufferTimeout} all take elements ahead
 * of demand.
 *
 * <p>Each runs its work on the thread that delivers an element, asks for more, or (for
 * {@link #groups}) fires the timer, one at a time; output is in order. Upstream errors and
 * completion are passed on after everything taken before them; a mapper that throws fails the
 * flux and cancels upstream. Cancelling cancels upstream; what was not emitted is dropped
 * (nothing to release).
 */
final class OnDemand {

    private OnDemand() {
    }

    /**
     * {@code concatMapIterable} without prefetch: the items of {@code mapper}'s iterable for each
     * element of {@code source}, in order; the next element is requested only once the previous
     * one's items are all emitted and downstream still asks for more.
     */
    static <T, R> Flux<R> concatMapIterable(Flux<T> source, Function<? super T, ? extends Iterable<? extends R>> mapper) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mapper, "mapper");
        return Flux.create(sink -> new Flatten<T, R>(sink, mapper).start(source), FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * {@code bufferTimeout} without prefetch: lists of {@code size} elements, or of fewer once
     * {@code maxDelay} has passed (on {@code timer}) since the first element of the list arrived,
     * or at the end of {@code source}. Elements are requested only while a list is asked for and
     * not full, so with no list asked for, at most one element (asked for before a list left on
     * its delay) waits here.
     */
    static <T> Flux<List<T>> groups(Flux<T> source, int size, Duration maxDelay, Scheduler timer) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(timer, "timer");
        return Flux.create(sink -> new Group<T>(sink, size, maxDelay.toNanos(), timer).start(source),
                FluxSink.OverflowStrategy.ERROR);
    }

    /**
     * One subscription: takes elements one at a time into the drain loop, which alone touches the
     * operator's state, and asks for the next when {@link #want} says so.
     */
    private abstract static class Pull<T, R> extends BaseSubscriber<T> {

        final FluxSink<R> sink;
        private final Context context;
        private final AtomicInteger wip = new AtomicInteger();
        private volatile T arrived;
        private volatile boolean done;
        private volatile Throwable error;
        /** Whether an element was requested and has not arrived; only the drain loop uses it. */
        private boolean awaiting;

        Pull(FluxSink<R> sink) {
            this.sink = sink;
            this.context = Context.of(sink.contextView());
        }

        final void start(Flux<T> source) {
            sink.onRequest(n -> drain());
            sink.onDispose(this::dispose);
            source.subscribe(this);
        }

        /** Takes an element that arrived. */
        abstract void take(T element);

        /** Emits what it can for {@code requested} items asked for; returns what is still asked for. */
        abstract long emit(long requested, boolean ended);

        /** Whether nothing taken is left to emit. */
        abstract boolean empty();

        /** Whether to ask for one more element, {@code requested} items being asked for. */
        abstract boolean want(long requested);

        /** Drops what was taken and not emitted, and stops timers: the flux is cancelled. */
        abstract void clear();

        @Override
        public final Context currentContext() {
            return context;
        }

        @Override
        protected final void hookOnSubscribe(Subscription subscription) {
            drain();
        }

        @Override
        protected final void hookOnNext(T element) {
            arrived = element;
            drain();
        }

        @Override
        protected final void hookOnComplete() {
            done = true;
            drain();
        }

        @Override
        protected final void hookOnError(Throwable failure) {
            error = failure;
            done = true;
            drain();
        }

        final void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (sink.isCancelled()) {
                    clear();
                    return;
                }
                boolean ended = done; // read first: an element that came before the end is then seen
                T element = arrived;
                long requested;
                try {
                    if (element != null) {
                        arrived = null;
                        awaiting = false;
                        take(element);
                    }
                    requested = emit(sink.requestedFromDownstream(), ended);
                } catch (RuntimeException e) {
                    dispose();
                    clear();
                    sink.error(e);
                    return;
                }
                if (ended && empty()) {
                    if (error != null) {
                        sink.error(error);
                    } else {
                        sink.complete();
                    }
                    return;
                }
                if (!ended && !awaiting && upstream() != null && want(requested)) {
                    awaiting = true;
                    request(1);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }

    /** {@link #concatMapIterable}: one element's items at a time. */
    private static final class Flatten<T, R> extends Pull<T, R> {

        private final Function<? super T, ? extends Iterable<? extends R>> mapper;
        private Iterator<? extends R> items;

        Flatten(FluxSink<R> sink, Function<? super T, ? extends Iterable<? extends R>> mapper) {
            super(sink);
            this.mapper = mapper;
        }

        @Override
        void take(T element) {
            items = mapper.apply(element).iterator();
        }

        @Override
        long emit(long requested, boolean ended) {
            long left = requested;
            while (left > 0 && items != null && items.hasNext()) {
                sink.next(items.next());
                left--;
            }
            if (items != null && !items.hasNext()) {
                items = null;
            }
            return left;
        }

        @Override
        boolean empty() {
            return items == null;
        }

        @Override
        boolean want(long requested) {
            return items == null && requested > 0;
        }

        @Override
        void clear() {
            items = null;
        }
    }

    /** {@link #groups}: one list filling at a time, its delay timed from its first element. */
    private static final class Group<T> extends Pull<T, List<T>> {

        private final int size;
        private final long maxDelayNanos;
        private final Scheduler timer;
        private List<T> group;
        private Disposable flush;
        /** Number of the list filling now; the timer marks the list it was started for as due. */
        private long number;
        private volatile long due = -1;

        Group(FluxSink<List<T>> sink, int size, long maxDelayNanos, Scheduler timer) {
            super(sink);
            this.size = size;
            this.maxDelayNanos = maxDelayNanos;
            this.timer = timer;
            this.group = new ArrayList<>(size);
        }

        @Override
        void take(T element) {
            if (group.isEmpty()) {
                long of = number;
                flush = timer.schedule(() -> {
                    due = of;
                    drain();
                }, maxDelayNanos, TimeUnit.NANOSECONDS);
            }
            group.add(element);
        }

        @Override
        long emit(long requested, boolean ended) {
            boolean ready = group.size() == size || due == number || ended;
            if (requested == 0 || group.isEmpty() || !ready) {
                return requested;
            }
            List<T> full = group;
            group = new ArrayList<>(size);
            number++;
            flush.dispose();
            sink.next(full);
            return requested - 1;
        }

        @Override
        boolean empty() {
            return group.isEmpty();
        }

        @Override
        boolean want(long requested) {
            return requested > 0 && group.size() < size;
        }

        @Override
        void clear() {
            group.clear();
            if (flush != null) {
                flush.dispose();
            }
        }
    }
}
