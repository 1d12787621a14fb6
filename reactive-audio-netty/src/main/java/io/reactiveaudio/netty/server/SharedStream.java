package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.server.OutboundEvent.BatchEvent;
import io.reactiveaudio.netty.server.OutboundEvent.EpochEnd;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import io.reactiveaudio.netty.server.OutboundEvent.StreamEnd;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * One pipeline pulled by every connection to a shared stream: each batch goes to exactly one
 * member with credit, round-robin among them; the end of an epoch goes to all, each counting
 * its own batches. The pipeline is asked for as many batches as the members have credit for,
 * less those made and not yet handed out; a batch made for a member that has left waits for the
 * next credit from anyone. Starts with the first member and runs until {@link #dispose()} or the
 * stream ends; members joining after its end get that end at once.
 *
 * <p>Thread-safe: every change happens under this object's lock, which is never held while
 * waiting; credit arrives from several event loops at once, so the requests it makes upstream
 * are serialized by a work-in-progress counter rather than made concurrently.
 */
final class SharedStream implements Disposable {

    private final Flux<OutboundEvent> events;
    private final List<Member> members = new ArrayList<>();
    private final Deque<OutboundEvent> pending = new ArrayDeque<>();
    private Upstream upstream;
    private boolean subscribed;
    private long requested;
    /** Demand not yet passed upstream; requests are made by one thread at a time (Reactive Streams §2.7). */
    private final AtomicLong toRequest = new AtomicLong();
    private final AtomicInteger requesting = new AtomicInteger();
    private long pendingBatches;
    private int turn;
    private long epoch;
    private OutboundEvent end;
    private boolean disposed;

    /** @param events the pipeline's batches, given the callback for its markers */
    SharedStream(Function<Consumer<OutboundEvent>, Flux<OutboundEvent>> events) {
        this.events = events.apply(this::marker);
    }

    /** Adds a member that hands its events to {@code outbox}. */
    Feed join(Outbox outbox) {
        Member member = new Member(outbox);
        boolean start;
        synchronized (this) {
            if (end != null) {
                outbox.offer(end);
                return member;
            }
            members.add(member);
            start = upstream == null && !disposed;
            if (start) {
                upstream = new Upstream();
            }
        }
        if (start) {
            events.subscribe(upstream);
        }
        return member;
    }

    /** The epoch the next batch will come from, as far as the members have seen. */
    synchronized long epoch() {
        return epoch;
    }

    @Override
    public void dispose() {
        Upstream running;
        List<OutboundEvent> dropped;
        synchronized (this) {
            disposed = true;
            running = upstream;
            dropped = new ArrayList<>(pending);
            pending.clear();
            pendingBatches = 0;
        }
        if (running != null) {
            running.dispose();
        }
        dropped.forEach(OutboundEvent::release);
    }

    @Override
    public synchronized boolean isDisposed() {
        return disposed;
    }

    /** An epoch's end, the stream's end or its failure: queued behind the batches before it. */
    private void marker(OutboundEvent event) {
        synchronized (this) {
            if (disposed) {
                return;
            }
            pending.addLast(event);
            drain();
        }
    }

    private void arrived(OutboundEvent event) {
        synchronized (this) {
            requested--;
            if (disposed) {
                event.release();
                return;
            }
            pending.addLast(event);
            if (event instanceof BatchEvent) {
                pendingBatches++;
            }
            drain();
        }
        requestMore();
    }

    /**
     * Hands out what can be handed out; called under the lock. A member's outbox may call back
     * into {@link Member#stop()} on this thread when it closes, so member lists are copied before
     * being walked.
     */
    private void drain() {
        while (!pending.isEmpty()) {
            OutboundEvent head = pending.peekFirst();
            if (head instanceof BatchEvent batch) {
                Member member = nextWithCredit();
                if (member == null) {
                    return;
                }
                pending.pollFirst();
                pendingBatches--;
                member.credits--;
                if (member.outbox.offer(batch)) {
                    member.batchesInEpoch++;
                } else {
                    members.remove(member);
                    pending.addFirst(batch);
                    pendingBatches++;
                }
            } else {
                pending.pollFirst();
                broadcast(head);
            }
        }
    }

    private void broadcast(OutboundEvent marker) {
        if (marker instanceof EpochEnd ended) {
            epoch = ended.epoch() + 1;
            for (Member member : List.copyOf(members)) {
                member.outbox.offer(new EpochEnd(ended.epoch(), member.batchesInEpoch));
                member.batchesInEpoch = 0;
            }
            return;
        }
        end = marker;
        for (Member member : List.copyOf(members)) {
            member.outbox.offer(marker);
        }
        members.clear();
    }

    private Member nextWithCredit() {
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get((turn + i) % members.size());
            if (member.credits > 0) {
                turn = (turn + i + 1) % members.size();
                return member;
            }
        }
        return null;
    }

    private void requestMore() {
        long deficit;
        Upstream running;
        synchronized (this) {
            long credits = 0;
            for (Member member : members) {
                credits += member.credits;
            }
            deficit = credits - requested - pendingBatches;
            if (deficit <= 0 || !subscribed || end != null || disposed) {
                return;
            }
            requested += deficit;
            running = upstream;
        }
        toRequest.addAndGet(deficit);
        if (requesting.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            long n = toRequest.getAndSet(0);
            if (n > 0) {
                running.request(n);
            }
            missed = requesting.addAndGet(-missed);
        } while (missed != 0);
    }

    private final class Member implements Feed {

        private final Outbox outbox;
        private long credits;
        private long batchesInEpoch;

        Member(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void credit(long n) {
            synchronized (SharedStream.this) {
                credits += n;
                drain();
            }
            requestMore();
        }

        @Override
        public void stop() {
            synchronized (SharedStream.this) {
                members.remove(this);
            }
        }
    }

    private final class Upstream extends BaseSubscriber<OutboundEvent> {

        @Override
        public Context currentContext() {
            return Context.of(reactor.core.publisher.Operators.enableOnDiscard(null, e -> {
                if (e instanceof OutboundEvent event) {
                    event.release();
                }
            }));
        }

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            synchronized (SharedStream.this) {
                subscribed = true;
            }
            requestMore();
        }

        @Override
        protected void hookOnNext(OutboundEvent event) {
            arrived(event);
        }

        @Override
        protected void hookOnComplete() {
            marker(new StreamEnd());
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            marker(new Failure(ErrorCode.STREAM_FAILED, String.valueOf(throwable.getMessage())));
        }
    }
}
