package io.reactiveaudio.features.stage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The feature batches one subscription has made and not yet handed to its subscriber. Reactor's
 * operators may drop a value in a race with a cancel without reaching any discard hook
 * ({@code Mono.then} holding a value that waits for demand, for example), so the operator does
 * not rely on them: it registers each batch as it is made, hands it over at its last step, and on
 * cancel or error releases whatever was never handed over. A batch made after that is released at
 * once. Thread-safe; its lock is held only to update the set.
 */
final class Deliveries {

    private final Set<FeatureBatch> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** Records a batch just made; false (and the batch released) if the subscription has ended. */
    boolean register(FeatureBatch batch) {
        synchronized (this) {
            if (!closed) {
                pending.add(batch);
                return true;
            }
        }
        batch.release();
        return false;
    }

    /** Whether the batch may go to the subscriber: false if the end of the subscription released it first. */
    synchronized boolean handOver(FeatureBatch batch) {
        return pending.remove(batch);
    }

    /** Ends the subscription: releases every batch not handed over, and any registered later. */
    void close() {
        List<FeatureBatch> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(pending);
            pending.clear();
        }
        left.forEach(FeatureBatch::release);
    }
}
