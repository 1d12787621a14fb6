package io.reactiveaudio.examples.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies counted in buckets of 0.1 ms up to 10 s (longer ones in the last bucket, the maximum
 * kept exactly), for percentiles of millions of samples in fixed memory. Thread-safe, lock-free.
 */
public final class LatencyHistogram {

    private static final long BUCKET_NANOS = 100_000;
    private static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Counts one latency of {@code nanos} nanoseconds (negative values count as 0). */
    public void record(long nanos) {
        long n = Math.max(0, nanos);
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, n / BUCKET_NANOS));
        total.incrementAndGet();
        max.accumulateAndGet(n, Math::max);
    }

    /** Latencies counted. */
    public long count() {
        return total.get();
    }

    /** The largest latency, in milliseconds. */
    public double maxMillis() {
        return max.get() / 1e6;
    }

    /**
     * The latency below which a fraction {@code q} (0 to 1) of the counted ones fall, in
     * milliseconds, to the upper edge of its 0.1 ms bucket; 0 when nothing was counted.
     */
    public double percentileMillis(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be within 0 and 1: " + q);
        }
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank && seen > 0) {
                return b == BUCKETS - 1 ? maxMillis() : Math.min((b + 1) * BUCKET_NANOS, max.get()) / 1e6;
            }
        }
        return maxMillis();
    }
}
