package io.reactiveaudio.shuffle;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The resident items of one subscription to a {@link ShuffleWindow}, and the count of items that
 * have arrived.
 *
 * <p>Thread-safe: arrivals are serialised by Reactor, but cancellation may come from another
 * thread while an item is being offered, so every method holds this object's monitor. The monitor
 * is never held while signalling downstream.
 *
 * @param <T> the element type
 */
final class WindowState<T> {

    private final ShuffleWindow<T> config;
    private final Context discardContext;
    private List<T> resident = new ArrayList<>();
    private long arrivals;
    private boolean closed;

    WindowState(ShuffleWindow<T> config, Context discardContext) {
        this.config = config;
        this.discardContext = discardContext;
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
        if (!config.emitsOnArrival(k)) {
            resident.add(item);
            return null;
        }
        int pick = config.random(k).nextInt(resident.size() + 1);
        return pick == resident.size() ? item : resident.set(pick, item);
    }

    /** Empties the window and returns its items in a uniformly random order keyed by the item count. */
    synchronized List<T> drain() {
        List<T> rest = resident;
        resident = new ArrayList<>();
        SplittableRandom random = config.random(arrivals);
        for (int i = rest.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            rest.set(j, rest.set(i, rest.get(j)));
        }
        return rest;
    }

    /** Passes the resident items to the discard hook and discards every later arrival. */
    synchronized void discardResident() {
        closed = true;
        Operators.onDiscardMultiple(resident, discardContext);
        resident.clear();
    }
}
