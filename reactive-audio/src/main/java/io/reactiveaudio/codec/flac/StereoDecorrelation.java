package io.reactiveaudio.codec.flac;

/**
 * Turns the channel pairs of the three stereo assignments back into left and right, in place.
 * The side channel is {@code left - right}, one bit wider than the audio; the {@code long[]}
 * variants take the 33-bit side channel of 32-bit audio. Left/side and right/side use wrapping
 * int arithmetic, exact because left and right fit in 32 bits; mid/side needs the full side
 * value and sums in 64 bits. Stateless and thread-safe.
 */
final class StereoDecorrelation {

    private StereoDecorrelation() {
    }

    /** Left/side: {@code right = left - side}, written over {@code side}. */
    static void leftSide(int[] left, int[] side, int n) {
        for (int i = 0; i < n; i++) {
            side[i] = left[i] - side[i];
        }
    }

    /** Left/side with a 33-bit side channel: {@code right = left - side}. */
    static void leftSide(int[] left, long[] side, int[] right, int n) {
        for (int i = 0; i < n; i++) {
            right[i] = (int) (left[i] - side[i]);
        }
    }

    /** Side/right: {@code left = side + right}, written over {@code side}. */
    static void sideRight(int[] side, int[] right, int n) {
        for (int i = 0; i < n; i++) {
            side[i] += right[i];
        }
    }

    /** Side/right with a 33-bit side channel: {@code left = side + right}. */
    static void sideRight(long[] side, int[] right, int[] left, int n) {
        for (int i = 0; i < n; i++) {
            left[i] = (int) (side[i] + right[i]);
        }
    }

    /**
     * Mid/side: {@code mid} holds {@code (left + right) >> 1} and the dropped low bit equals the
     * side's; left and right are written over mid and side.
     */
    static void midSide(int[] mid, int[] side, int n) {
        for (int i = 0; i < n; i++) {
            long s = side[i];
            long m = ((long) mid[i] << 1) | (s & 1);
            mid[i] = (int) ((m + s) >> 1);
            side[i] = (int) ((m - s) >> 1);
        }
    }

    /** Mid/side with a 33-bit side channel; left is written over mid. */
    static void midSide(int[] mid, long[] side, int[] right, int n) {
        for (int i = 0; i < n; i++) {
            long s = side[i];
            long m = ((long) mid[i] << 1) | (s & 1);
            mid[i] = (int) ((m + s) >> 1);
            right[i] = (int) ((m - s) >> 1);
        }
    }
}
