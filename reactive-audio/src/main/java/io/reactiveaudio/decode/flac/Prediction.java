package io.reactiveaudio.decode.flac;

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
     *
     * @param coefs the quantized coefficients in stream order, {@code coefs[0]} weighting the newest sample
     * @param order the number of coefficients used (1 to 32)
     * @param shift the right shift of the sum (0 to 15)
     */
    static void lpc(int[] s, int n, int[] coefs, int order, int shift) {
        switch (order) {
            case 1 -> lpc1(s, n, coefs, shift);
            case 2 -> lpc2(s, n, coefs, shift);
            case 4 -> lpc4(s, n, coefs, shift);
            case 8 -> lpc8(s, n, coefs, shift);
            default -> lpcAnyOrder(s, n, coefs, order, shift);
        }
    }

    private static void lpc1(int[] s, int n, int[] coefs, int shift) {
        long c0 = coefs[0];
        for (int i = 1; i < n; i++) {
            s[i] += (int) ((c0 * s[i - 1]) >> shift);
        }
    }

    private static void lpc2(int[] s, int n, int[] coefs, int shift) {
        long c0 = coefs[0];
        long c1 = coefs[1];
        for (int i = 2; i < n; i++) {
            s[i] += (int) ((c0 * s[i - 1] + c1 * s[i - 2]) >> shift);
        }
    }

    private static void lpc4(int[] s, int n, int[] coefs, int shift) {
        long c0 = coefs[0];
        long c1 = coefs[1];
        long c2 = coefs[2];
        long c3 = coefs[3];
        for (int i = 4; i < n; i++) {
            s[i] += (int) ((c0 * s[i - 1] + c1 * s[i - 2] + c2 * s[i - 3] + c3 * s[i - 4]) >> shift);
        }
    }

    private static void lpc8(int[] s, int n, int[] coefs, int shift) {
        long c0 = coefs[0];
        long c1 = coefs[1];
        long c2 = coefs[2];
        long c3 = coefs[3];
        long c4 = coefs[4];
        long c5 = coefs[5];
        long c6 = coefs[6];
        long c7 = coefs[7];
        for (int i = 8; i < n; i++) {
            long sum = c0 * s[i - 1] + c1 * s[i - 2] + c2 * s[i - 3] + c3 * s[i - 4]
                    + c4 * s[i - 5] + c5 * s[i - 6] + c6 * s[i - 7] + c7 * s[i - 8];
            s[i] += (int) (sum >> shift);
        }
    }

    private static void lpcAnyOrder(int[] s, int n, int[] coefs, int order, int shift) {
        for (int i = order; i < n; i++) {
            long sum = 0;
            for (int j = 0; j < order; j++) {
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
