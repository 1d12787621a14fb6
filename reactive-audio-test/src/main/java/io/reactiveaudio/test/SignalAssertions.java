package io.reactiveaudio.test;

import org.opentest4j.AssertionFailedError;

/**
 * Measures and asserts how close decoded or processed audio is to a reference: signal-to-noise
 * ratio in dB, Pearson correlation, bit-exact equality, and the lag (in samples) that best aligns
 * two signals, to diagnose a decoder's delay.
 *
 * <p>Samples are float32 at full scale 1.0; sums are accumulated in double. Assertions throw
 * {@link AssertionFailedError} with a message that says what was measured and where the signals
 * differ most. Every method is a pure function of its arguments and thread-safe, provided the
 * arrays are not modified while it runs.
 */
public final class SignalAssertions {

    private SignalAssertions() {
    }

    /**
     * The signal-to-noise ratio of {@code actual} against {@code reference} in dB:
     * {@code 10 log10(sum(reference^2) / sum((reference - actual)^2))}.
     *
     * @return {@code +Infinity} when the signals are equal (also when both are silent),
     *     {@code -Infinity} when the reference is silent and {@code actual} is not, and
     *     {@code NaN} when either signal holds a NaN
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double snrDb(float[] reference, float[] actual) {
        requireSameLength(reference, actual);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = (double) reference[i] - actual[i];
            signal += (double) reference[i] * reference[i];
            noise += d * d;
        }
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(signal / noise);
    }

    /**
     * Asserts that {@link #snrDb} is at least {@code minDb}.
     *
     * @param minDb the lowest acceptable SNR in dB
     * @throws AssertionFailedError if the lengths differ (naming both), or if the SNR is lower or
     *     NaN (giving the SNR and the index and values of the largest difference)
     */
    public static void assertSnrAtLeast(float[] reference, float[] actual, double minDb) {
        if (Double.isNaN(minDb)) {
            throw new IllegalArgumentException("minDb is NaN");
        }
        assertSameLength(reference, actual);
        double snr = snrDb(reference, actual);
        if (!(snr >= minDb)) {
            int at = largestDifference(reference, actual);
            throw new AssertionFailedError(String.format(
                    "SNR %.2f dB is below the required %.2f dB; largest difference at index %d: reference %s, actual %s",
                    snr, minDb, at, reference[at], actual[at]));
        }
    }

    /**
     * The Pearson correlation coefficient of two signals, in {@code [-1, 1]}.
     *
     * @return {@code NaN} when correlation is undefined: either signal is constant (including
     *     silent), holds a NaN, or is shorter than two samples
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double correlation(float[] a, float[] b) {
        requireSameLength(a, b);
        int n = a.length;
        if (n < 2) {
            return Double.NaN;
        }
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }
        if (varA == 0 || varB == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, cov / Math.sqrt(varA * varB)));
    }

    /**
     * Asserts that {@link #correlation} is at least {@code min}.
     *
     * @param min the lowest acceptable coefficient, in {@code [-1, 1]}
     * @throws AssertionFailedError if the lengths differ, or if the correlation is lower or
     *     undefined
     */
    public static void assertCorrelationAtLeast(float[] a, float[] b, double min) {
        if (!(min >= -1 && min <= 1)) {
            throw new IllegalArgumentException("min must be in [-1, 1]: " + min);
        }
        assertSameLength(a, b);
        double r = correlation(a, b);
        if (Double.isNaN(r)) {
            throw new AssertionFailedError(
                    "correlation is undefined: a signal is constant, holds a NaN or has fewer than 2 samples (length "
                            + a.length + ")");
        }
        if (r < min) {
            throw new AssertionFailedError(String.format("correlation %.6f is below the required %.6f", r, min));
        }
    }

    /**
     * Asserts that two signals have the same length and the same raw bits in every sample, so
     * {@code -0.0f} differs from {@code 0.0f}.
     *
     * @throws AssertionFailedError naming the first differing index, both values with their raw
     *     bits, and how many samples differ
     */
    public static void assertBitExact(float[] expected, float[] actual) {
        assertBitExact(expected, actual, 1);
    }

    /**
     * Asserts bit-exact equality of interleaved signals, as {@link #assertBitExact(float[], float[])},
     * with the first difference also given as frame and channel.
     *
     * @param channels channel count of the interleaved signals
     * @throws IllegalArgumentException if {@code expected} does not fill whole frames
     */
    public static void assertBitExact(float[] expected, float[] actual, int channels) {
        if (channels <= 0 || expected.length % channels != 0) {
            throw new IllegalArgumentException(expected.length + " expected samples do not fill " + channels + " channels");
        }
        assertSameLength(expected, actual);
        int first = -1;
        int differing = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                differing++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (first >= 0) {
            String where = channels == 1 ? "index " + first
                    : "index " + first + " (frame " + first / channels + ", channel " + first % channels + ")";
            throw new AssertionFailedError(String.format("not bit-exact at %s: expected %s (0x%08x), actual %s (0x%08x); "
                            + "%d of %d samples differ", where, expected[first], Float.floatToRawIntBits(expected[first]),
                    actual[first], Float.floatToRawIntBits(actual[first]), differing, expected.length),
                    expected[first], actual[first]);
        }
    }

    /**
     * The lag in samples, within {@code [-maxLag, maxLag]}, that maximizes the cross-correlation
     * {@code sum(reference[i] * actual[i + lag])}: positive when {@code actual} is delayed, as a
     * decoder's priming samples delay it. Ties go to the lag nearest zero, positive first.
     *
     * <p>The arrays are taken as one channel and may differ in length; pass a single channel of
     * interleaved audio. Takes {@code O(length * maxLag)} time.
     *
     * @param maxLag the largest delay or advance to consider, in samples
     * @return the best lag; 0 when all lags score alike (for example, silent input)
     */
    public static int bestLag(float[] reference, float[] actual, int maxLag) {
        if (maxLag < 0) {
            throw new IllegalArgumentException("maxLag must not be negative: " + maxLag);
        }
        int limit = Math.min(maxLag, Math.max(reference.length, actual.length) - 1);
        int best = 0;
        double bestScore = crossCorrelation(reference, actual, 0);
        for (int magnitude = 1; magnitude <= limit; magnitude++) {
            for (int lag : new int[] {magnitude, -magnitude}) {
                double score = crossCorrelation(reference, actual, lag);
                if (score > bestScore) {
                    best = lag;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    private static double crossCorrelation(float[] reference, float[] actual, int lag) {
        int from = Math.max(0, -lag);
        int to = Math.min(reference.length, actual.length - lag);
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) reference[i] * actual[i + lag];
        }
        return sum;
    }

    /** The index of the largest absolute difference, or of the first NaN difference. */
    private static int largestDifference(float[] reference, float[] actual) {
        int at = 0;
        double largest = -1;
        for (int i = 0; i < reference.length; i++) {
            double d = Math.abs((double) reference[i] - actual[i]);
            if (Double.isNaN(d)) {
                return i;
            }
            if (d > largest) {
                largest = d;
                at = i;
            }
        }
        return at;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
    }

    private static void assertSameLength(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionFailedError("lengths differ: expected " + expected.length + " samples, actual "
                    + actual.length, expected.length, actual.length);
        }
    }
}
