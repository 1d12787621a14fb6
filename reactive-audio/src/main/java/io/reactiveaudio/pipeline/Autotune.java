package io.reactiveaudio.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Sets the number of files decoding at once while the pipeline runs, like tf.data's AUTOTUNE:
 * the rate at which batches reach the consumer is measured over windows of at least
 * 1 second and 4 batches (after one unmeasured start-up window), and a hill climb moves the
 * decode threads one at a time, from the number of cores, keeping a change only when the rate
 * improves by more than 3 %; when the consumer is the bottleneck, fewer
 * threads that keep the rate within the tolerance are preferred (they free the cores for the
 * consumer). Once settled, a rate that falls by more than 20 % (a cache that warmed, a slower
 * consumer) starts a new climb from the current value. The range is 1 to the pipeline's lanes; a
 * decode stage with an explicit {@link Decode#concurrency(int) concurrency} is never tuned.
 *
 * <p>Changing the number of decode threads never changes the batches (they are the same for any
 * concurrency). Decisions are logged at INFO and kept in {@link #trials()}. One instance serves
 * one subscription at a time. Thread-safe.
 */
public final class Autotune {

    private static final Logger LOG = Loggers.getLogger(Autotune.class);
    private static final double SLOWDOWN = 0.8;

    private final double windowSeconds;
    private final int windowBatches;
    private final double tolerance;
    private final int warmupWindows;
    private final LongSupplier nanoTime;
    private final List<Trial> trials = new ArrayList<>();
    private DecodeGate gate;
    private int max;
    private long windowStart;
    private int windowCount;
    private int best;
    private double bestRate;
    private int direction;
    private boolean climbedUp;
    private boolean settled;

    private int windowsToSkip;

    private Autotune(double windowSeconds, int windowBatches, double tolerance, int warmupWindows,
                     LongSupplier nanoTime) {
        this.windowSeconds = windowSeconds;
        this.windowBatches = windowBatches;
        this.tolerance = tolerance;
        this.warmupWindows = warmupWindows;
        this.nanoTime = nanoTime;
    }

    /**
     * Windows of at least 1 s and 4 batches, tolerance 3 %; the first window (start-up: JIT
     * compilation, the shuffle window's first fill) is not measured.
     */
    public static Autotune create() {
        return new Autotune(1.0, 4, 0.03, 1, System::nanoTime);
    }

    /**
     * With measurement windows of at least {@code seconds} and {@code batches}, a relative
     * tolerance, and {@code warmupWindows} windows left unmeasured at the start.
     */
    static Autotune of(double seconds, int batches, double tolerance, int warmupWindows, LongSupplier nanoTime) {
        return new Autotune(seconds, batches, tolerance, warmupWindows, nanoTime);
    }

    /** A measurement: the decode threads in use and the batches per second they gave. */
    public record Trial(int decodeThreads, double batchesPerSecond) {
    }

    /** The decode threads now in use (0 before the pipeline starts). */
    public synchronized int decodeThreads() {
        return gate == null ? 0 : gate.limit();
    }

    /** Every measurement so far, in order. */
    public synchronized List<Trial> trials() {
        return List.copyOf(trials);
    }

    /** Starts tuning {@code gate} within 1 .. {@code maxThreads}. */
    synchronized void start(DecodeGate target, int maxThreads) {
        gate = target;
        max = maxThreads;
        trials.clear();
        settled = false;
        climbedUp = false;
        direction = 1;
        best = target.limit();
        bestRate = 0;
        windowStart = nanoTime.getAsLong();
        windowCount = 0;
        windowsToSkip = warmupWindows;
        LOG.info("autotune: starting with {} decode threads (1 .. {})", best, max);
    }

    /** Counts a batch handed to the consumer; closes a window when it is long enough. */
    synchronized void delivered() {
        if (gate == null) {
            return;
        }
        windowCount++;
        long now = nanoTime.getAsLong();
        double seconds = (now - windowStart) / 1e9;
        if (windowCount < windowBatches || seconds < windowSeconds) {
            return;
        }
        double rate = windowCount / seconds;
        windowStart = now;
        windowCount = 0;
        if (windowsToSkip > 0) {
            windowsToSkip--;
            return;
        }
        int current = gate.limit();
        trials.add(new Trial(current, rate));
        decide(current, rate);
    }

    private void decide(int current, double rate) {
        if (settled) {
            if (rate < bestRate * SLOWDOWN) {
                LOG.info("autotune: rate fell to {} batches/s from {}; tuning again", round(rate), round(bestRate));
                begin(current, rate);
            } else {
                bestRate = 0.8 * bestRate + 0.2 * rate;
            }
            return;
        }
        if (current == best) {
            bestRate = rate;
            tryNext(best + direction);
            return;
        }
        boolean keep = direction > 0 ? rate > bestRate * (1 + tolerance) : rate >= bestRate * (1 - tolerance);
        if (keep) {
            climbedUp |= direction > 0;
            best = current;
            bestRate = Math.max(bestRate, rate);
            tryNext(current + direction);
        } else if (direction > 0 && !climbedUp) {
            direction = -1;
            tryNext(best - 1);
        } else {
            settle();
        }
    }

    /** Starts a climb at {@code current}, upwards first. */
    private void begin(int current, double rate) {
        settled = false;
        climbedUp = false;
        direction = 1;
        best = current;
        bestRate = rate;
        tryNext(current + 1);
    }

    /** Tries {@code next} threads, or turns downwards at the top of the range, or settles. */
    private void tryNext(int next) {
        if (next >= 1 && next <= max) {
            gate.limit(next);
            LOG.debug("autotune: {} batches/s with {}; trying {} decode threads", round(bestRate), best, next);
            return;
        }
        if (direction > 0 && !climbedUp && best > 1) {
            direction = -1;
            gate.limit(best - 1);
            return;
        }
        settle();
    }

    private void settle() {
        settled = true;
        gate.limit(best);
        LOG.info("autotune: {} decode threads ({} batches/s)", best, round(bestRate));
    }

    private static String round(double rate) {
        return String.format(java.util.Locale.ROOT, "%.2f", rate);
    }
}
