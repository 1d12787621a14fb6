package io.reactiveaudio.codec.flac;

/**
 * Restores samples from warm-up samples and residuals with the fixed polynomial predictors (orders
 * 0 to 4) and with quantized linear prediction (orders 1 to 32). Each {@code int} variant works in
 * place on {@code s}, which holds the warm-up samples in {@code [0, order)} and the residual in
 * {@code [order, n)}. Fixed predictors use wrapping int arithmetic, exact because every restored
 * sample fits in 32 bits; linear prediction sums in 64 bits before its shift. The {@code long}
 * variants serve the 33-bit side channel of 32-bit stereo. Stateless and thread-safe.
 */
final class Prediction {

    private Prediction() {
    }

    /** Restores samples of a FIXED subframe of the given order (0 to 4). */
    static void fixed(int[] s, int order, int n) {
        switch (order) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = 1; i < n; i++) {
                    s[i] += s[i - 1];
                }
            }
            case 2 -> {
                for (int i = 2; i < n; i++) {
                    s[i] += 2 * s[i - 1] - s[i - 2];
                }
            }
            case 3 -> {
                for (int i = 3; i < n; i++) {
                    s[i] += 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
                }
            }
            case 4 -> {
                for (int i = 4; i < n; i++) {
                    s[i] += 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
                }
            }
            default -> throw new IllegalArgumentException("fixed predictor order " + order);
        }
    }

    /**
     * Restores samples of an LPC subframe: {@code s[i] += (sum(coefs[j] * s[i - 1 - j]) >> shift)}.
     * Orders up to 12 keep the history in locals (registers), so only the newest sample's product
     * lies on the loop-carried path.
     *
     * @param coefs the quantized coefficients in stream order, {@code coefs[0]} weighting the newest sample
     * @param order the number of coefficients used (1 to 32)
     * @param shift the right shift of the sum (0 to 15)
     */
    static void lpc(int[] s, int n, int[] coefs, int order, int shift) {
        if (order <= 8) {
            lpcUpTo8(s, n, coefs, order, shift);
        } else if (order <= 12) {
            lpcUpTo12(s, n, coefs, order, shift);
        } else {
            lpcAnyOrder(s, n, coefs, order, shift);
        }
    }

    /** Coefficient {@code j}, or 0 beyond the order (an unused tap). */
    private static long tap(int[] coefs, int order, int j) {
        return j < order ? coefs[j] : 0;
    }

    /** The warm-up sample {@code j + 1} places before the first predicted one, or 0 beyond the order. */
    private static long history(int[] s, int order, int j) {
        return j < order ? s[order - 1 - j] : 0;
    }

    private static void lpcUpTo8(int[] s, int n, int[] coefs, int order, int shift) {
        long c0 = tap(coefs, order, 0);
        long c1 = tap(coefs, order, 1);
        long c2 = tap(coefs, order, 2);
        long c3 = tap(coefs, order, 3);
        long c4 = tap(coefs, order, 4);
        long c5 = tap(coefs, order, 5);
        long c6 = tap(coefs, order, 6);
        long c7 = tap(coefs, order, 7);
        long s1 = history(s, order, 0);
        long s2 = history(s, order, 1);
        long s3 = history(s, order, 2);
        long s4 = history(s, order, 3);
        long s5 = history(s, order, 4);
        long s6 = history(s, order, 5);
        long s7 = history(s, order, 6);
        long s8 = history(s, order, 7);
        for (int i = order; i < n; i++) {
            long older = c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5 + c3 * s4 + c2 * s3 + c1 * s2;
            int x = s[i] + (int) ((older + c0 * s1) >> shift);
            s[i] = x;
            s8 = s7;
            s7 = s6;
            s6 = s5;
            s5 = s4;
            s4 = s3;
            s3 = s2;
            s2 = s1;
            s1 = x;
        }
    }

    private static void lpcUpTo12(int[] s, int n, int[] coefs, int order, int shift) {
        long c0 = tap(coefs, order, 0);
        long c1 = tap(coefs, order, 1);
        long c2 = tap(coefs, order, 2);
        long c3 = tap(coefs, order, 3);
        long c4 = tap(coefs, order, 4);
        long c5 = tap(coefs, order, 5);
        long c6 = tap(coefs, order, 6);
        long c7 = tap(coefs, order, 7);
        long c8 = tap(coefs, order, 8);
        long c9 = tap(coefs, order, 9);
        long c10 = tap(coefs, order, 10);
        long c11 = tap(coefs, order, 11);
        long s1 = history(s, order, 0);
        long s2 = history(s, order, 1);
        long s3 = history(s, order, 2);
        long s4 = history(s, order, 3);
        long s5 = history(s, order, 4);
        long s6 = history(s, order, 5);
        long s7 = history(s, order, 6);
        long s8 = history(s, order, 7);
        long s9 = history(s, order, 8);
        long s10 = history(s, order, 9);
        long s11 = history(s, order, 10);
        long s12 = history(s, order, 11);
        for (int i = order; i < n; i++) {
            long older = c11 * s12 + c10 * s11 + c9 * s10 + c8 * s9 + c7 * s8 + c6 * s7 + c5 * s6 + c4 * s5
                    + c3 * s4 + c2 * s3 + c1 * s2;
            int x = s[i] + (int) ((older + c0 * s1) >> shift);
            s[i] = x;
            s12 = s11;
            s11 = s10;
            s10 = s9;
            s9 = s8;
            s8 = s7;
            s7 = s6;
            s6 = s5;
            s5 = s4;
            s4 = s3;
            s3 = s2;
            s2 = s1;
            s1 = x;
        }
    }

    private static void lpcAnyOrder(int[] s, int n, int[] coefs, int order, int shift) {
        for (int i = order; i < n; i++) {
            long sum = 0;
            for (int j = order - 1; j >= 0; j--) {
                sum += (long) coefs[j] * s[i - 1 - j];
            }
            s[i] += (int) (sum >> shift);
        }
    }

    /**
     * Restores a FIXED subframe into {@code s}, which holds the warm-up samples in {@code [0, order)},
     * from {@code residual[order, n)}.
     */
    static void fixed(long[] s, int[] residual, int order, int n) {
        for (int i = order; i < n; i++) {
            long predicted = switch (order) {
                case 0 -> 0;
                case 1 -> s[i - 1];
                case 2 -> 2 * s[i - 1] - s[i - 2];
                case 3 -> 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
                case 4 -> 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
                default -> throw new IllegalArgumentException("fixed predictor order " + order);
            };
            s[i] = residual[i] + predicted;
        }
    }

    /** Restores an LPC subframe into {@code s} from {@code residual[order, n)}; see the int variant. */
    static void lpc(long[] s, int[] residual, int n, int[] coefs, int order, int shift) {
        for (int i = order; i < n; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
                sum += coefs[j] * s[i - 1 - j];
            }
            s[i] = residual[i] + (sum >> shift);
        }
    }
}
