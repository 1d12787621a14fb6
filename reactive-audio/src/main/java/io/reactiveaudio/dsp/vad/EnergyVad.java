package io.reactiveaudio.dsp.vad;

import java.util.Arrays;
import java.util.Objects;

/**
 * Finds the non-silent region of a mono signal by its short-term power, with the parameters and
 * results of NVIDIA DALI's {@code nonsilent_region}: {@code cutoff_db} (default -60),
 * {@code window_length} (default 2048 samples), {@code reference_power} (default: the largest
 * short-term power of the signal) and {@code reset_interval} (default 8192 samples).
 *
 * <p>With {@code w = min(windowLength, n)} for a signal of {@code n} samples, the short-term power
 * at {@code i} is the mean square of {@code x[i, i + w)}, for {@code i} in {@code [0, n - w]}; a
 * window is loud when its power is at least {@code reference * 10^(cutoffDb / 10)}. The region
 * runs from the first loud window's start to the last loud window's end: {@code begin} = first
 * loud {@code i}, {@code length = lastLoud + w - begin}. So a tone burst in silence gives a region
 * that starts up to {@code w - 1} samples before the burst and ends up to {@code w - 1} samples
 * after it, the resolution of a window; a lower cut-off widens it. No loud window gives
 * {@link NonSilentRegion#EMPTY}, and unlike DALI so does a signal of zeros with the default
 * reference (whose reference power is then 0).
 *
 * <p>The power is a moving sum of squares in double precision, O(n): one pass finds the loudest
 * window (when it is the reference), then the search for the first loud window runs forward
 * from the start and the search for the last one backward from the end, each stopping there, so
 * they cost only the silent margins. Every {@code resetInterval} window starts (counted from
 * where the pass begins) the sum is recomputed from the samples, as DALI does to bound the drift
 * of its float sum ({@code -1}: never).
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return new instances. Analysing
 * allocates nothing but the result.
 */
public final class EnergyVad {

    /** DALI's default cut-off, in dB below the reference power. */
    public static final double DEFAULT_CUTOFF_DB = -60;
    /** DALI's default window, in samples. */
    public static final int DEFAULT_WINDOW_LENGTH = 2048;
    /** DALI's default reset interval, in samples. */
    public static final int DEFAULT_RESET_INTERVAL = 8192;

    private static final EnergyVad DEFAULTS =
            new EnergyVad(DEFAULT_CUTOFF_DB, DEFAULT_WINDOW_LENGTH, Double.NaN, DEFAULT_RESET_INTERVAL);

    private final double cutoffDb;
    private final int windowLength;
    /** The reference power (mean square, full scale 1.0), or NaN for the signal's maximum. */
    private final double referencePower;
    private final int resetInterval;

    private EnergyVad(double cutoffDb, int windowLength, double referencePower, int resetInterval) {
        this.cutoffDb = cutoffDb;
        this.windowLength = windowLength;
        this.referencePower = referencePower;
        this.resetInterval = resetInterval;
    }

    /** DALI's defaults: -60 dB below the loudest window of 2048 samples, reset every 8192. */
    public static EnergyVad defaults() {
        return DEFAULTS;
    }

    /** The threshold in dB relative to the reference power; windows below it are silent. */
    public EnergyVad withCutoffDb(double cutoffDb) {
        if (!Double.isFinite(cutoffDb)) {
            throw new IllegalArgumentException("cutoffDb must be finite: " + cutoffDb);
        }
        return new EnergyVad(cutoffDb, windowLength, referencePower, resetInterval);
    }

    /** The window over which the short-term power is the mean square, in samples, positive. */
    public EnergyVad withWindowLength(int windowLength) {
        if (windowLength <= 0) {
            throw new IllegalArgumentException("windowLength must be positive: " + windowLength);
        }
        return new EnergyVad(cutoffDb, windowLength, referencePower, resetInterval);
    }

    /**
     * A fixed reference power (mean square at full scale 1.0, so 0.5 for a full-scale sine),
     * positive, instead of the signal's loudest window: the cut-off becomes absolute.
     */
    public EnergyVad withReferencePower(double referencePower) {
        if (!(referencePower > 0) || Double.isInfinite(referencePower)) {
            throw new IllegalArgumentException("referencePower must be positive and finite: " + referencePower);
        }
        return new EnergyVad(cutoffDb, windowLength, referencePower, resetInterval);
    }

    /** The reference power is the signal's loudest window (the default). */
    public EnergyVad withReferenceMax() {
        return new EnergyVad(cutoffDb, windowLength, Double.NaN, resetInterval);
    }

    /** Window starts between recomputations of the moving sum, positive, or -1 for never. */
    public EnergyVad withResetInterval(int resetInterval) {
        if (resetInterval <= 0 && resetInterval != -1) {
            throw new IllegalArgumentException("resetInterval must be positive or -1: " + resetInterval);
        }
        return new EnergyVad(cutoffDb, windowLength, referencePower, resetInterval);
    }

    /** The non-silent region of a whole signal. */
    public NonSilentRegion nonSilentRegion(float[] signal) {
        return nonSilentRegion(signal, 0, signal.length);
    }

    /**
     * The non-silent region of {@code signal[offset, offset + length)}, with {@code begin}
     * counted from {@code offset}.
     */
    public NonSilentRegion nonSilentRegion(float[] signal, int offset, int length) {
        Objects.requireNonNull(signal, "signal");
        Objects.checkFromIndexSize(offset, length, signal.length);
        if (length == 0) {
            return NonSilentRegion.EMPTY;
        }
        int window = Math.min(windowLength, length);
        int windows = length - window + 1;
        int reset = resetInterval == -1 ? windows : resetInterval;
        double referenceSum = Double.isNaN(referencePower)
                ? loudestSum(signal, offset, window, windows, reset)
                : referencePower * window;
        if (!(referenceSum > 0)) {
            return NonSilentRegion.EMPTY;
        }
        double threshold = referenceSum * Math.pow(10, cutoffDb / 10);
        int first = firstLoud(signal, offset, window, windows, reset, threshold);
        if (first < 0) {
            return NonSilentRegion.EMPTY;
        }
        int last = lastLoud(signal, offset, window, windows, reset, threshold);
        return new NonSilentRegion(first, last + window - first);
    }

    /** A copy of the non-silent part of a signal: empty if it is silent throughout. */
    public float[] trim(float[] signal) {
        NonSilentRegion region = nonSilentRegion(signal);
        return Arrays.copyOfRange(signal, region.begin(), region.end());
    }

    // Each pass runs its stretches between resets in a method of their own: C2 compiles such a
    // loop three times faster than one nested in the loop over the stretches.

    /** The largest sum of squares over a window, the window starts running forward. */
    private static double loudestSum(float[] x, int offset, int window, int windows, int reset) {
        double max = 0;
        for (int start = 0; start < windows; start += reset) {
            max = Math.max(max, loudestInRun(x, offset + start, Math.min(reset, windows - start), window));
        }
        return max;
    }

    /** The largest sum over the {@code count} windows starting at {@code from}, {@code from + 1}, .... */
    private static double loudestInRun(float[] x, int from, int count, int window) {
        double sum = sumOfSquares(x, from, window);
        double max = sum;
        for (int i = from + 1, end = from + count; i < end; i++) {
            double in = x[i + window - 1];
            double out = x[i - 1];
            sum += in * in - out * out;
            if (sum > max) {
                max = sum;
            }
        }
        return max;
    }

    /** The first window start whose sum of squares reaches {@code threshold}, or -1. */
    private static int firstLoud(float[] x, int offset, int window, int windows, int reset, double threshold) {
        for (int start = 0; start < windows; start += reset) {
            int count = Math.min(reset, windows - start);
            int found = firstLoudInRun(x, offset + start, count, window, threshold);
            if (found >= 0) {
                return start + found;
            }
        }
        return -1;
    }

    /** The first of the windows starting at {@code from}, {@code from + 1}, ... that is loud, as an index from {@code from}. */
    private static int firstLoudInRun(float[] x, int from, int count, int window, double threshold) {
        double sum = sumOfSquares(x, from, window);
        if (sum >= threshold) {
            return 0;
        }
        for (int i = from + 1, end = from + count; i < end; i++) {
            double in = x[i + window - 1];
            double out = x[i - 1];
            sum += in * in - out * out;
            if (sum >= threshold) {
                return i - from;
            }
        }
        return -1;
    }

    /**
     * The last window start whose sum of squares reaches {@code threshold}, the window starts
     * running backward from the end (so only the silent tail is summed); -1 if none.
     */
    private static int lastLoud(float[] x, int offset, int window, int windows, int reset, double threshold) {
        for (int start = windows - 1; start >= 0; start -= reset) {
            int count = Math.min(reset, start + 1);
            int found = lastLoudInRun(x, offset + start, count, window, threshold);
            if (found >= 0) {
                return start - found;
            }
        }
        return -1;
    }

    /** The first of the windows starting at {@code from}, {@code from - 1}, ... that is loud, as a distance back from {@code from}. */
    private static int lastLoudInRun(float[] x, int from, int count, int window, double threshold) {
        double sum = sumOfSquares(x, from, window);
        if (sum >= threshold) {
            return 0;
        }
        for (int i = from - 1, end = from - count; i > end; i--) {
            double in = x[i];
            double out = x[i + window];
            sum += in * in - out * out;
            if (sum >= threshold) {
                return from - i;
            }
        }
        return -1;
    }

    private static double sumOfSquares(float[] x, int from, int length) {
        double sum = 0;
        for (int i = from, end = from + length; i < end; i++) {
            sum += (double) x[i] * x[i];
        }
        return sum;
    }

    @Override
    public String toString() {
        return "EnergyVad[cutoffDb=" + cutoffDb + ", windowLength=" + windowLength + ", referencePower="
                + (Double.isNaN(referencePower) ? "max" : referencePower) + ", resetInterval=" + resetInterval + "]";
    }
}
