package io.reactiveaudio.decode;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Sets the number of files decoding at once while the pipeline runs, like tf.data's AUTOTUNE, and
 * moves only on a gain larger than the measured noise.
 *
 * <p><b>Measuring.</b> The rate at which batches reach the consumer is measured over windows of
 * at least {@code windowSeconds} and {@code windowBatches} batches (by default 2 s and 8 batches);
 * the first {@code warmupWindows} windows (start-up: JIT compilation, the shuffle window's first
 * fill) are not used. A setting's rate is the mean of {@code windowsPerTrial} consecutive windows
 * (default 2).
 *
 * <p><b>Deciding.</b> The pipeline starts with as many decode threads as cores (at most the
 * lanes). The noise is the mean relative spread (max − min over mean) of the windows of each
 * setting measured so far; a move must gain more than the larger of twice the noise and
 * {@code minGain} (default 5 %). The tuner measures the starting setting, then tries one thread
 * more: if that is faster by more than the threshold it is
 * kept and the climb goes on upwards; if not, and the climb never went up, it tries one thread
 * fewer, kept under the same rule. Otherwise it settles on the best setting. Fewer threads are
 * never chosen merely for being "as fast": under noise that drifts down. Once settled, a rate that
 * stays below the settled rate by more than the larger of 20 % and twice the noise for
 * {@code windowsPerTrial} windows in a row (a cache that warmed, a slower consumer) starts the
 * measurement again from the current setting. The range is 1 to the pipeline's lanes; a decode
 * stage with an explicit {@link Decode#concurrency(int) concurrency} is never tuned.
 *
 * <p>Changing the number of decode threads never changes the batches (they are the same for any
 * concurrency). Decisions are logged at INFO and every window's measurement is kept in
 * {@link #trials()}. One instance serves one subscription at a time. Thread-safe.
 */
public final class Autotune {

    private static final Logger LOG = Loggers.getLogger(Autotune.class);
    private static final double SLOWDOWN = 0.2;

    private final double windowSeconds;
    private final int windowBatches;
    private final double minGain;
    private final int warmupWindows;
    private final int windowsPerTrial;
    private final LongSupplier nanoTime;
    private final List<Trial> trials = new ArrayList<>();
    private final List<Double> samples = new ArrayList<>();
    private DecodeGate gate;
    private int max;
    private long windowStart;
    private int windowCount;
    private int windowsToSkip;
    private Phase phase;
    private int best;
    private double bestRate;
    private double spreadSum;
    private int spreads;
    private int direction;
    private boolean climbedUp;
    private int slowWindows;

    private enum Phase { BASELINE, PROBE, SETTLED }

    private Autotune(double windowSeconds, int windowBatches, double minGain, int warmupWindows, int windowsPerTrial,
                     LongSupplier nanoTime) {
        this.windowSeconds = windowSeconds;
        this.windowBatches = windowBatches;
        this.minGain = minGain;
        this.warmupWindows = warmupWindows;
        this.windowsPerTrial = windowsPerTrial;
        this.nanoTime = nanoTime;
    }

    /**
     * Windows of at least 2 s and 8 batches, two windows per setting, moves only on a gain above
     * both the measured noise and 5 %; the first window is not measured.
     */
    public static Autotune create() {
        return new Autotune(2.0, 8, 0.05, 1, 2, System::nanoTime);
    }

    /**
     * With measurement windows of at least {@code seconds} and {@code batches}, a minimal relative
     * gain for a move, {@code warmupWindows} windows left unmeasured at the start, and
     * {@code windowsPerTrial} windows averaged per setting (at least 1), timed by {@code nanoTime}
     * (a test's clock, or {@code System::nanoTime}).
     */
    public static Autotune of(double seconds, int batches, double minGain, int warmupWindows, int windowsPerTrial,
                       LongSupplier nanoTime) {
        if (windowsPerTrial < 1) {
            throw new IllegalArgumentException("windowsPerTrial must be at least 1: " + windowsPerTrial);
        }
        return new Autotune(seconds, batches, minGain, warmupWindows, windowsPerTrial, nanoTime);
    }

    /** A measurement window: the decode threads in use and the batches per second they gave. */
    public record Trial(int decodeThreads, double batchesPerSecond) {
    }

    /** The decode threads now in use (0 before the pipeline starts). */
    public synchronized int decodeThreads() {
        return gate == null ? 0 : gate.limit();
    }

    /**
     * The setting the tuner holds best so far: the one in use once settled; while another
     * setting is on trial, the one it is compared with (0 before the pipeline starts).
     */
    public synchronized int chosenThreads() {
        return gate == null ? 0 : best;
    }

    /** Every measurement so far, in order. */
    public synchronized List<Trial> trials() {
        return List.copyOf(trials);
    }

    /** Starts tuning {@code gate} within 1 .. {@code maxThreads}, from its current limit. */
    public synchronized void start(DecodeGate target, int maxThreads) {
        gate = target;
        max = maxThreads;
        trials.clear();
        spreadSum = 0;
        spreads = 0;
        windowStart = nanoTime.getAsLong();
        windowCount = 0;
        windowsToSkip = warmupWindows;
        baseline();
        LOG.info("autotune: starting with {} decode threads (1 .. {})", best, max);
    }

    /** Counts a batch handed to the consumer; closes a window when it is long enough. Thread-safe. */
    public synchronized void delivered() {
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
        trials.add(new Trial(gate.limit(), rate));
        measured(rate);
    }

    private void measured(double rate) {
        if (phase == Phase.SETTLED) {
            watch(rate);
            return;
        }
        samples.add(rate);
        if (samples.size() < windowsPerTrial) {
            return;
        }
        DoubleSummaryStatistics window = samples.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        double mean = window.getAverage();
        double spread = (window.getMax() - window.getMin()) / mean;
        samples.clear();
        if (windowsPerTrial > 1) {
            spreadSum += spread;
            spreads++;
        }
        if (phase == Phase.BASELINE) {
            bestRate = mean;
            LOG.debug("autotune: {} batches/s with {} threads, noise {} %", round(mean), best, round(100 * noise()));
            probe(best + 1);
            return;
        }
        int tried = gate.limit();
        if (mean > bestRate * (1 + threshold())) {
            LOG.info("autotune: {} decode threads give {} batches/s, {} with {}; keeping {}", tried, round(mean),
                    round(bestRate), best, tried);
            climbedUp |= direction > 0;
            best = tried;
            bestRate = mean;
            probe(best + direction);
        } else if (direction > 0 && !climbedUp) {
            direction = -1;
            probe(best - 1);
        } else {
            settle();
        }
    }

    /** The relative gain a move must exceed: the larger of twice the measured noise and the minimum gain. */
    private double threshold() {
        return Math.max(2 * noise(), minGain);
    }

    /** The mean relative spread of the windows of one setting, over the settings measured so far. */
    private double noise() {
        return spreads == 0 ? 0 : spreadSum / spreads;
    }

    /** Measures the current setting again before trying others. */
    private void baseline() {
        phase = Phase.BASELINE;
        samples.clear();
        best = gate.limit();
        direction = 1;
        climbedUp = false;
        slowWindows = 0;
    }

    /** Tries {@code next} threads, or turns downwards at the top of the range, or settles. */
    private void probe(int next) {
        if (next >= 1 && next <= max) {
            phase = Phase.PROBE;
            gate.limit(next);
            return;
        }
        if (direction > 0 && !climbedUp && best > 1) {
            direction = -1;
            probe(best - 1);
            return;
        }
        settle();
    }

    private void settle() {
        phase = Phase.SETTLED;
        slowWindows = 0;
        gate.limit(best);
        LOG.info("autotune: {} decode threads ({} batches/s; moves need more than {} % gain)", best, round(bestRate),
                round(100 * threshold()));
    }

    /** Follows the settled rate; a lasting fall below it starts the measurement again. */
    private void watch(double rate) {
        if (rate < bestRate * (1 - Math.max(SLOWDOWN, 2 * noise()))) {
            slowWindows++;
            if (slowWindows >= windowsPerTrial) {
                LOG.info("autotune: rate fell to {} batches/s from {}; tuning again", round(rate), round(bestRate));
                baseline();
            }
            return;
        }
        slowWindows = 0;
        bestRate = 0.8 * bestRate + 0.2 * rate;
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
