package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.server.OutboundEvent.BatchEvent;
import io.reactiveaudio.netty.server.OutboundEvent.EpochEnd;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import io.reactiveaudio.netty.server.OutboundEvent.StreamEnd;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.Context;

/**
 * One pipeline pulled by every connection to a shared stream: each batch goes to exactly one
 * member with credit, round-robin among them; the end of an epoch goes to all, each counting
 * the batches of it written to it. The pipeline is asked for as many batches as the members have
 * credit for, less those made and not yet dealt. Starts with the first member and runs until
 * {@link #dispose()} or the stream ends; members joining after its end get that end at once.
 *
 * <p><b>Nothing lost, nothing repeated.</b> A batch dealt to a member is its member's once its
 * BATCH frame has been completely written to the member's socket ({@link BatchWrite}); it is
 * never dealt again, even if the member then leaves without reading it (at most once). A batch
 * not completely written when its member leaves (still queued, or cut off mid-write) comes back
 * and goes to the next member with credit, before any later batch, and is counted
 * ({@code redealt}). A marker (the end of an epoch or of the stream, or a failure) waits until
 * every batch before it has been written or has come back, so no batch of an epoch follows that
 * epoch's end on any connection.
 *
 * <p>Thread-safe: credit, batches, markers, departures and write outcomes arrive from several
 * event loops and the pipeline's threads. Each becomes a command in a queue that one thread at a
 * time works through (a work-in-progress counter, as Reactor's operators drain), never blocking
 * and never re-entering: a member's outbox may call back into this stream while it is being
 * dealt to, and that call is queued. Requests upstream are made from the same loop, so never
 * concurrently (Reactive Streams §2.7).
 */
final class SharedStream implements Disposable {

    private static final Logger LOG = Loggers.getLogger(SharedStream.class);
    private static final Comparator<BatchEvent> STREAM_ORDER =
            Comparator.comparingLong(BatchEvent::epoch).thenComparingLong(BatchEvent::number);

    private final String name;
    private final Flux<OutboundEvent> events;
    private final Runnable redealt;
    private final Upstream upstream = new Upstream();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean disposed;
    private volatile long epoch;

    // touched only by the thread working through the commands
    private final List<Member> members = new ArrayList<>();
    private final Deque<OutboundEvent> pending = new ArrayDeque<>();
    /** Batches that came back unwritten, in stream order: dealt before anything pending. */
    private final PriorityQueue<BatchEvent> returned = new PriorityQueue<>(STREAM_ORDER);
    private boolean subscribed;
    private long requested;
    private long pendingBatches;
    /** Batches dealt whose write has not settled. */
    private long unsettled;
    private int turn;
    private OutboundEvent end;

    /**
     * @param name the stream's name, for the log
     * @param events the pipeline's batches, given the callback for its markers
     * @param redealt counts a batch that came back unwritten from a member that left
     */
    SharedStream(String name, Function<Consumer<OutboundEvent>, Flux<OutboundEvent>> events, Runnable redealt) {
        this.name = name;
        this.events = events.apply(this::marker);
        this.redealt = redealt;
    }

    /** Adds a member that hands its events to {@code outbox}. */
    Feed join(Outbox outbox) {
        Member member = new Member(outbox);
        run(() -> {
            if (end != null) {
                outbox.offer(end);
            } else if (!disposed) {
                members.add(member);
            }
        });
        if (!disposed && started.compareAndSet(false, true)) {
            events.subscribe(upstream);
        }
        return member;
    }

    /** The epoch the next batch will come from, as far as the members have seen. */
    long epoch() {
        return epoch;
    }

    @Override
    public void dispose() {
        disposed = true;
        upstream.dispose();
        run(() -> {
            pending.forEach(OutboundEvent::release);
            pending.clear();
            returned.forEach(OutboundEvent::release);
            returned.clear();
            pendingBatches = 0;
        });
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    /** An epoch's end, the stream's end or its failure: queued behind the batches before it. */
    private void marker(OutboundEvent event) {
        run(() -> {
            if (!disposed) {
                pending.addLast(event);
            }
        });
    }

    /** Queues {@code command} and works through the queue unless another thread is doing so. */
    private void run(Runnable command) {
        commands.add(command);
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Runnable next;
            while ((next = commands.poll()) != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.error("shared stream {}: a command failed", name, e);
                }
            }
            try {
                deal();
                requestMore();
            } catch (RuntimeException e) {
                LOG.error("shared stream {}: dealing failed", name, e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void arrived(OutboundEvent event) {
        requested--;
        if (disposed) {
            event.release();
            return;
        }
        pending.addLast(event);
        if (event instanceof BatchEvent) {
            pendingBatches++;
        }
    }

    /** Hands out what can be handed out: batches to members with credit, markers once nothing is in flight. */
    private void deal() {
        while (true) {
            BatchEvent back = returned.peek();
            OutboundEvent head = back != null ? back : pending.peekFirst();
            if (head == null) {
                return;
            }
            if (head instanceof BatchEvent batch) {
                Member member = nextWithCredit();
                if (member == null) {
                    return;
                }
                if (back != null) {
                    returned.poll();
                } else {
                    pending.pollFirst();
                }
                member.credits--;
                if (member.outbox.offer(batch.dealtBy(member))) {
                    pendingBatches--;
                    unsettled++;
                } else {
                    members.remove(member);
                    returned.add(batch);
                }
            } else {
                if (unsettled > 0) {
                    return;
                }
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
        long credits = 0;
        for (Member member : members) {
            credits += member.credits;
        }
        long deficit = credits - requested - pendingBatches;
        if (deficit <= 0 || !subscribed || end != null || disposed) {
            return;
        }
        requested += deficit;
        upstream.request(deficit);
    }

    /** A connection to the stream: its credit, and the dealer of the batches dealt to it. */
    private final class Member implements Feed, OutboundEvent.Dealer {

        private final Outbox outbox;
        private long credits;
        private long batchesInEpoch;

        Member(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void credit(long n) {
            run(() -> credits += n);
        }

        @Override
        public void stop() {
            run(() -> members.remove(this));
        }

        @Override
        public void written(BatchEvent batch) {
            batch.release();
            run(() -> {
                unsettled--;
                batchesInEpoch++;
            });
        }

        @Override
        public void unwritten(BatchEvent batch) {
            run(() -> {
                unsettled--;
                if (disposed) {
                    batch.release();
                    return;
                }
                returned.add(batch);
                pendingBatches++;
                redealt.run();
                LOG.info("shared stream {}: batch {} of epoch {} was not written to its connection, which left;"
                        + " it goes to the next member with credit", name, batch.number(), batch.epoch());
            });
        }
    }

    private final class Upstream extends BaseSubscriber<OutboundEvent> {

        @Override
        public Context currentContext() {
            return Context.of(Operators.enableOnDiscard(null, e -> {
                if (e instanceof OutboundEvent event) {
                    event.release();
                }
            }));
        }

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            run(() -> subscribed = true);
        }

        @Override
        protected void hookOnNext(OutboundEvent event) {
            run(() -> arrived(event));
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
