package io.reactiveaudio.shuffle;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The resident items of one subscription to a {@link ShuffleWindow}, and the counts of items that
 * have arrived and left.
 *
 * <p>Thread-safe: arrivals are serialised by Reactor, but cancellation may come from another
 * thread while an item is being offered, so every method holds this object's monitor. The monitor
 * is never held while signalling downstream; the observer runs under it, on the emitting thread.
 *
 * @param <T> the element type
 */
final class WindowState<T> {

    private final ShuffleWindow<T> config;
    private final Context discardContext;
    private final List<T> resident;
    private long arrivals;
    private long emitted;
    private boolean draining;
    private T lastArrival;
    private boolean closed;

    WindowState(ShuffleWindow<T> config, Context discardContext, WindowSnapshot<T> start) {
        this.config = config;
        this.discardContext = discardContext;
        this.resident = new ArrayList<>(start.residents());
        this.arrivals = start.arrivals();
        this.emitted = start.emitted();
        this.draining = start.draining();
    }

    /**
     * Takes in the next upstream item and returns the item to emit, or null when this arrival
     * emits nothing (or the window is closed, in which case the item is discarded).
     */
    synchronized T offer(T item) {
        if (closed) {
            Operators.onDiscard(item, discardContext);
            return null;
        }
        long k = arrivals++;
        lastArrival = item;
        if (!config.emitsOnArrival(k)) {
            resident.add(item);
            return null;
        }
        int pick = config.random(k).nextInt(resident.size() + 1);
        T out = pick == resident.size() ? item : resident.set(pick, item);
        return emitting(out, false);
    }

    /**
     * The next item of the final order, or null when the window is empty: on the first call after
     * upstream completed, the resident items are put in a uniformly random order keyed by the item
     * count (unless the window was resumed already draining).
     */
    synchronized T nextDrained() {
        if (closed || resident.isEmpty()) {
            return null;
        }
        if (!draining) {
            draining = true;
            SplittableRandom random = config.random(arrivals);
            for (int i = resident.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                resident.set(j, resident.set(i, resident.get(j)));
            }
        }
        T out = resident.remove(0);
        return emitting(out, resident.isEmpty());
    }

    /** Passes the resident items to the discard hook and discards every later arrival. */
    synchronized void discardResident() {
        closed = true;
        Operators.onDiscardMultiple(resident, discardContext);
        resident.clear();
    }

    private T emitting(T out, boolean last) {
        emitted++;
        Consumer<WindowSnapshot<T>> observer = config.observer();
        if (observer != null && (last || emitted % config.observeEvery() == 0)) {
            observer.accept(new WindowSnapshot<>(arrivals, emitted, draining, resident, lastArrival));
        }
        return out;
    }
}
