package io.reactiveaudio.remote;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the remote reads of a JVM did: requests, retries after transient failures, broken
 * transfers resumed by a range request, bytes delivered and final failures. Counters only grow;
 * thread-safe.
 */
public final class RemoteStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** Requests sent (data and size), retries included. */
    public long requests() {
        return requests.get();
    }

    /** Attempts repeated after a transient failure (reset, stall, timeout, 5xx, throttling). */
    public long retries() {
        return retries.get();
    }

    /** Broken transfers continued from their next byte by a new range request. */
    public long resumed() {
        return resumed.get();
    }

    /** Bytes delivered to readers. */
    public long bytes() {
        return bytes.get();
    }

    /** Reads that failed for good (missing, denied, retries spent), each thrown as a typed error. */
    public long failures() {
        return failures.get();
    }

    void request() {
        requests.incrementAndGet();
    }

    void retry() {
        retries.incrementAndGet();
    }

    void resume() {
        resumed.incrementAndGet();
    }

    void bytes(long n) {
        bytes.addAndGet(n);
    }

    void failure() {
        failures.incrementAndGet();
    }

    @Override
    public String toString() {
        return "requests " + requests() + ", retries " + retries() + ", resumed " + resumed() + ", bytes " + bytes()
                + ", failures " + failures();
    }
}
