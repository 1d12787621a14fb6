package io.reactiveaudio.test;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

/**
 * A test source that emits only what is requested and records the demand it receives: every
 * {@code request(n)} call with its thread, the saturated total, the items emitted, subscriptions
 * and cancellation. Use it to prove that an operator never pulls more than N items ahead of its
 * consumer:
 *
 * <pre>{@code
 * DemandProbe<Integer> probe = DemandProbe.range(1_000, i -> i);
 * StepVerifier.create(probe.flux().limitRate(16), 0)
 *         .thenRequest(4)
 *         .expectNextCount(4)
 *         .then(() -> probe.assertRequestedAtMost(4 + 16))
 *         .thenCancel()
 *         .verify();
 * }</pre>
 *
 * <p>{@link #of} and {@link #range} replay their items to each subscriber, one per unit of demand.
 * A {@link #manual()} probe lets the test emit with {@link #emit}, {@link #complete} and
 * {@link #error}, which fail rather than overflow when there is no demand; it accepts a single
 * subscriber. {@link #flux()} is not fuseable, so an operator's demand always arrives as
 * {@code request(n)} calls and is never bypassed by queue fusion.
 *
 * <p>Counts are totals over all subscriptions. Thread-safe: requests may arrive on any thread and
 * each accessor returns a snapshot; {@code emit}, {@code complete} and {@code error} are
 * signals and must not be called concurrently with each other (a concurrent call fails).
 *
 * @param <T> the item type
 */
public final class DemandProbe<T> {

    private final Flux<T> flux;
    /** The test's signals for a {@link #manual()} probe; null otherwise. */
    private final Sinks.Many<T> sink;
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private volatile boolean cancelled;

    private DemandProbe(Flux<T> source, Sinks.Many<T> sink) {
        this.sink = sink;
        // hide(): without it a consumer may fuse and poll the source, and its demand would go unseen
        this.flux = source.hide()
                .doOnSubscribe(s -> subscriptions.incrementAndGet())
                .doOnRequest(this::record)
                .doOnNext(item -> emitted.incrementAndGet())
                .doOnCancel(() -> cancelled = true);
    }

    /** A probe that emits the given items, in order, to each subscriber. */
    public static <T> DemandProbe<T> of(List<? extends T> items) {
        return new DemandProbe<>(Flux.fromIterable(List.copyOf(items)), null);
    }

    /**
     * A probe that emits {@code mapper(0)} to {@code mapper(count - 1)} to each subscriber, each
     * item made when it is requested.
     *
     * @param count number of items; {@link Integer#MAX_VALUE} serves as an endless source
     */
    public static <T> DemandProbe<T> range(int count, IntFunction<? extends T> mapper) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Objects.requireNonNull(mapper, "mapper");
        return new DemandProbe<>(Flux.range(0, count).map(mapper::apply), null);
    }

    /** A probe whose signals the test sends with {@link #emit}, {@link #complete} and {@link #error}. */
    public static <T> DemandProbe<T> manual() {
        Sinks.Many<T> sink = Sinks.many().unicast().onBackpressureError();
        return new DemandProbe<>(sink.asFlux(), sink);
    }

    /** The instrumented source; the same instance on every call. */
    public Flux<T> flux() {
        return flux;
    }

    /**
     * Emits an item to the subscriber of a {@link #manual()} probe.
     *
     * @throws IllegalStateException if the probe is not manual, or the item cannot be delivered:
     *     no subscriber, no outstanding demand, cancelled, already terminated, or a concurrent signal
     */
    public void emit(T item) {
        Objects.requireNonNull(item, "item");
        requireDelivered("emit(" + item + ")", manualSink().tryEmitNext(item));
    }

    /** Completes a {@link #manual()} probe; fails as {@link #emit} does, except that it needs no demand. */
    public void complete() {
        requireDelivered("complete()", manualSink().tryEmitComplete());
    }

    /** Fails a {@link #manual()} probe with {@code error}; fails as {@link #emit} does, except that it needs no demand. */
    public void error(Throwable error) {
        Objects.requireNonNull(error, "error");
        requireDelivered("error(" + error + ")", manualSink().tryEmitError(error));
    }

    /**
     * Total demand received: the sum of positive {@code request(n)} amounts, saturating at
     * {@link Long#MAX_VALUE} (unbounded).
     */
    public long requested() {
        return requested.get();
    }

    /** Items emitted so far. */
    public long emitted() {
        return emitted.get();
    }

    /** The amount of every {@code request(n)} call in arrival order, including any invalid {@code n <= 0}. */
    public List<Long> requests() {
        return requests.stream().map(Request::amount).toList();
    }

    /** The thread each {@code request(n)} call arrived on, in the order of {@link #requests()}. */
    public List<Thread> requestThreads() {
        return requests.stream().map(Request::thread).toList();
    }

    /** Whether a subscriber has cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** How many times {@link #flux()} has been subscribed to, rejected subscriptions included. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /**
     * Asserts that at most {@code max} items have been emitted.
     *
     * @throws AssertionFailedError giving the count and the request calls
     */
    public void assertEmittedAtMost(long max) {
        long count = emitted();
        if (count > max) {
            throw new AssertionFailedError("emitted " + count + " items, more than the " + max + " allowed; " + this,
                    max, count);
        }
    }

    /**
     * Asserts that at most {@code max} items have been requested in total.
     *
     * @throws AssertionFailedError giving the total and each request call with its thread
     */
    public void assertRequestedAtMost(long max) {
        long total = requested();
        if (total > max) {
            String calls = requests.stream()
                    .map(r -> amount(r.amount()) + " on " + r.thread().getName())
                    .collect(Collectors.joining(", ", "[", "]"));
            throw new AssertionFailedError("requested " + amount(total) + " in total, more than the " + max
                    + " allowed; request calls " + calls, max, total);
        }
    }

    /** A summary of the recorded demand, for assertion messages. */
    @Override
    public String toString() {
        return "DemandProbe{subscriptions=" + subscriptions() + ", requests=" + requests() + ", requested="
                + amount(requested()) + ", emitted=" + emitted() + ", cancelled=" + cancelled + "}";
    }

    private void record(long n) {
        requests.add(new Request(n, Thread.currentThread()));
        if (n > 0) {
            requested.accumulateAndGet(n, Operators::addCap);
        }
    }

    private Sinks.Many<T> manualSink() {
        if (sink == null) {
            throw new IllegalStateException("only a DemandProbe.manual() probe accepts signals from the test");
        }
        return sink;
    }

    private void requireDelivered(String signal, Sinks.EmitResult result) {
        String reason = switch (result) {
            case OK -> null;
            case FAIL_OVERFLOW -> "there is no outstanding demand";
            case FAIL_ZERO_SUBSCRIBER -> "nothing has subscribed to flux()";
            case FAIL_CANCELLED -> "the subscriber has cancelled";
            case FAIL_TERMINATED -> "the probe has already completed or failed";
            case FAIL_NON_SERIALIZED -> "another signal is being sent concurrently";
            default -> result.name();
        };
        if (reason != null) {
            throw new IllegalStateException(signal + " failed: " + reason + "; " + this);
        }
    }

    private static String amount(long n) {
        return n == Long.MAX_VALUE ? "unbounded (Long.MAX_VALUE)" : Long.toString(n);
    }

    private record Request(long amount, Thread thread) {
    }
}
