package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureExtractor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The idle {@link RowWorker}s of one subscription: a task borrows one for the time it computes and
 * gives it back, so a worker serves one thread at a time and there are never more workers than
 * tasks that ran at once. Lock-free, so parallel threads never park in it.
 */
final class WorkerPool {

    private final FeatureExtractor extractor;
    private final Queue<RowWorker> idle = new ConcurrentLinkedQueue<>();

    WorkerPool(FeatureExtractor extractor) {
        this.extractor = extractor;
    }

    /** An idle worker, or a new one if every worker is busy. */
    RowWorker acquire() {
        RowWorker worker = idle.poll();
        return worker != null ? worker : new RowWorker(extractor);
    }

    /** Gives a worker back once its task is done with it. */
    void release(RowWorker worker) {
        idle.offer(worker);
    }
}
