package io.reactiveaudio.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The output batches one subscription has made and not yet handed to its subscriber. Reactor 3.8's
 * {@code flatMapSequential} drops the results it has queued when cancelled, without a discard
 * hook, so the operator does not rely on hooks: each batch is registered as it is made and handed
 * over at the operator's last step; the end of the subscription releases whatever was not handed
 * over, and any batch registered after it. Thread-safe; the lock is held only to update the set.
 */
final class Handovers {

    private final Set<InferenceBatch> made = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean ended;

    /** Records a batch just made; false, and the batch released, if the subscription has ended. */
    boolean register(InferenceBatch batch) {
        synchronized (this) {
            if (!ended) {
                made.add(batch);
                return true;
            }
        }
        batch.release();
        return false;
    }

    /** Whether the batch may go to the subscriber: false if the end of the subscription released it first. */
    synchronized boolean handOver(InferenceBatch batch) {
        return made.remove(batch);
    }

    /** Ends the subscription: releases every batch not handed over, and any registered later. */
    void close() {
        List<InferenceBatch> left;
        synchronized (this) {
            ended = true;
            left = new ArrayList<>(made);
            made.clear();
        }
        left.forEach(InferenceBatch::release);
    }
}
