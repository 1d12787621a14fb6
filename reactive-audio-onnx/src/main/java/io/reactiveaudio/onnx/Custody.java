package io.reactiveaudio.onnx;

import io.reactiveaudio.batch.PooledBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one subscription holds: the input batches taken from upstream and not yet run, and the
 * output batches made and not yet handed to the subscriber. Reactor 3.8's
 * {@code flatMapSequential} drops, on a cancel, the results it has queued and the inner
 * publishers it has made but not subscribed to (which hold an input batch), without a discard
 * hook; so the operator does not rely on hooks. The end of the subscription ({@link #close()})
 * releases every input whose run had not started and every output not handed over; anything
 * admitted or registered after it is released at once. Thread-safe; the lock is held only to
 * update the sets.
 */
final class Custody {

    private final Set<Job> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<InferenceBatch> made = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean ended;

    /** An input batch taken from upstream, until its run starts or the stream ends before. */
    static final class Job {

        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int CANCELLED = 2;

        private final PooledBatch input;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Job(PooledBatch input) {
            this.input = input;
        }

        PooledBatch input() {
            return input;
        }

        /** Whether the run may start: false if the job was cancelled first (its input released then). */
        boolean start() {
            return state.compareAndSet(WAITING, RUNNING);
        }

        /** Releases the input if the run has not started; a running job releases it when its run ends. */
        void cancel() {
            if (state.compareAndSet(WAITING, CANCELLED)) {
                input.release();
            }
        }
    }

    /** Takes an input batch into custody; the job is cancelled at once if the subscription has ended. */
    Job admit(PooledBatch input) {
        Job job = new Job(input);
        synchronized (this) {
            if (!ended) {
                waiting.add(job);
                return job;
            }
        }
        job.cancel();
        return job;
    }

    /** The job has started (or was cancelled): custody of its input passes to its run. */
    synchronized void started(Job job) {
        waiting.remove(job);
    }

    /** Records an output just made; false, and the batch released, if the subscription has ended. */
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

    /** Whether the output may go to the subscriber: false if the end of the subscription released it first. */
    synchronized boolean handOver(InferenceBatch batch) {
        return made.remove(batch);
    }

    /** Ends the subscription: cancels the jobs not started and releases the outputs not handed over. */
    void close() {
        List<Job> jobs;
        List<InferenceBatch> outputs;
        synchronized (this) {
            ended = true;
            jobs = new ArrayList<>(waiting);
            outputs = new ArrayList<>(made);
            waiting.clear();
            made.clear();
        }
        jobs.forEach(Job::cancel);
        outputs.forEach(InferenceBatch::release);
    }
}
