package io.reactiveaudio.dsp.fft;

/**
 * The tables and stage order a Stockham real FFT of {@code n} points needs, shared by
 * {@link StockhamRealFft} (one frame) and {@link LanedRealFft} (frames side by side): the radices
 * of {@code n / 2} (fours, then twos, threes and fives), each stage's twiddles, and the twiddles
 * that split the packed half-size transform into the real signal's spectrum. Immutable; the
 * transforms own their scratch.
 */
final class StockhamPlan {

    /** Butterflies of one radix over one stage, from (xr, xi) to (yr, yi). */
    interface Stage {

        /** Runs radix {@code p}'s butterflies: {@code m} groups, stride {@code s}, twiddles (wr, wi). */
        void run(int p, float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi);
    }

    final int n;
    final int half;
    final int[] radices;
    /** Per stage, {@code w^(j k)} at {@code j * p + k}, w = e^(-2 pi i / len) for the stage's length. */
    final float[][] twiddleRe;
    final float[][] twiddleIm;
    /** {@code e^(-2 pi i k / n)} for k in 0 .. n / 2 - 1: the split of the packed transform. */
    final float[] splitRe;
    final float[] splitIm;

    /**
     * The plan for {@code n} points.
     *
     * @throws IllegalArgumentException unless {@link StockhamRealFft#supports supports(n)}
     */
    StockhamPlan(int n) {
        if (!StockhamRealFft.supports(n)) {
            throw new IllegalArgumentException("size must be even, at least 2, and its half a product of 2, 3 and 5,"
                    + " got " + n);
        }
        this.n = n;
        this.half = n / 2;
        this.radices = factor(half);
        this.twiddleRe = new float[radices.length][];
        this.twiddleIm = new float[radices.length][];
        int len = half;
        for (int stage = 0; stage < radices.length; stage++) {
            int p = radices[stage];
            int m = len / p;
            twiddleRe[stage] = new float[m * p];
            twiddleIm[stage] = new float[m * p];
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < p; k++) {
                    double angle = -2 * Math.PI * ((long) j * k % len) / len;
                    twiddleRe[stage][j * p + k] = (float) Math.cos(angle);
                    twiddleIm[stage][j * p + k] = (float) Math.sin(angle);
                }
            }
            len = m;
        }
        this.splitRe = new float[half];
        this.splitIm = new float[half];
        for (int k = 0; k < half; k++) {
            double angle = -2 * Math.PI * k / n;
            splitRe[k] = (float) Math.cos(angle);
            splitIm[k] = (float) Math.sin(angle);
        }
    }

    /**
     * Runs every stage by {@code stage}, from (ar, ai), with (br, bi) as the other buffer of each
     * pass; true if the result ends in (ar, ai), false in (br, bi).
     */
    boolean transform(float[] ar, float[] ai, float[] br, float[] bi, Stage stage) {
        float[] xr = ar;
        float[] xi = ai;
        float[] yr = br;
        float[] yi = bi;
        int len = half;
        int stride = 1;
        for (int s = 0; s < radices.length; s++) {
            int p = radices[s];
            int m = len / p;
            stage.run(p, xr, xi, yr, yi, m, stride, twiddleRe[s], twiddleIm[s]);
            float[] swap = xr;
            xr = yr;
            yr = swap;
            swap = xi;
            xi = yi;
            yi = swap;
            len = m;
            stride *= p;
        }
        return xr == ar;
    }

    /** The radices of {@code m}, fours first, then twos, threes and fives; null if another prime divides it. */
    static int[] factor(int m) {
        int[] out = new int[32];
        int count = 0;
        int rest = m;
        for (int p : new int[] {4, 2, 3, 5}) {
            while (rest % p == 0) {
                out[count++] = p;
                rest /= p;
            }
        }
        return rest == 1 ? java.util.Arrays.copyOf(out, count) : null;
    }
}
