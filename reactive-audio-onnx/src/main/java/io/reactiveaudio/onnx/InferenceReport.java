package io.reactiveaudio.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What an inference operator did: batches and items inferred, model runs, padding rows added for
 * a fixed batch size, items dropped by {@link Infer#keepWhere}, and the time spent in ONNX Runtime.
 *
 * <p>Counts are exact. The events ({@link InferenceEvent}) are kept up to {@link #MAX_KEPT_EVENTS}
 * (the first ones), beyond that only counted; an optional listener hears each one when it
 * happens, on an inference thread (keep it short). One report may be shared by several operators
 * or subscriptions; it then sums them. Thread-safe.
 */
public final class InferenceReport {

    /** How many events are kept for {@link #events()}. */
    public static final int MAX_KEPT_EVENTS = 10_000;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong paddedRows = new AtomicLong();
    private final AtomicLong droppedItems = new AtomicLong();
    private final AtomicLong inferenceNanos = new AtomicLong();
    private final List<InferenceEvent> events = new ArrayList<>();
    private final Consumer<InferenceEvent> listener;

    /** A report without a listener. */
    public InferenceReport() {
        this(event -> { });
    }

    /** A report that also passes each event to {@code listener} when it happens. */
    public InferenceReport(Consumer<InferenceEvent> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    void inferred(int batchItems, int modelRuns, long nanos) {
        batches.incrementAndGet();
        items.addAndGet(batchItems);
        runs.addAndGet(modelRuns);
        inferenceNanos.addAndGet(nanos);
    }

    void record(InferenceEvent event) {
        if (event instanceof InferenceEvent.RowsPadded padded) {
            paddedRows.addAndGet(padded.rows());
        } else {
            droppedItems.incrementAndGet();
        }
        synchronized (events) {
            if (events.size() < MAX_KEPT_EVENTS) {
                events.add(event);
            }
        }
        listener.accept(event);
    }

    /** Input batches inferred. */
    public long batches() {
        return batches.get();
    }

    /** Items inferred, padding rows not counted. */
    public long items() {
        return items.get();
    }

    /** Model runs: one per batch, or per run of N items for a model with a fixed batch size N. */
    public long runs() {
        return runs.get();
    }

    /** Rows of zeros added to fill a fixed batch size ({@link InferenceEvent.RowsPadded}). */
    public long paddedRows() {
        return paddedRows.get();
    }

    /** Items dropped by {@link Infer#keepWhere} ({@link InferenceEvent.ItemDropped}). */
    public long droppedItems() {
        return droppedItems.get();
    }

    /** Wall time spent inside ONNX Runtime's run calls, summed over sessions, in nanoseconds. */
    public long inferenceNanos() {
        return inferenceNanos.get();
    }

    /** The first {@link #MAX_KEPT_EVENTS} events, in the order they happened; a copy. */
    public List<InferenceEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public String toString() {
        return "InferenceReport{batches=" + batches() + ", items=" + items() + ", runs=" + runs() + ", paddedRows="
                + paddedRows() + ", droppedItems=" + droppedItems() + ", inferenceMs=" + inferenceNanos() / 1_000_000
                + "}";
    }
}
