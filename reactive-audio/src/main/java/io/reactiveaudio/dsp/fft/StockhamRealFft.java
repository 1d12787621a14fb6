package io.reactiveaudio.dsp.fft;

/**
 * A forward real FFT of an even size, in float32, that allocates nothing per transform: the even
 * and odd samples, packed as the real and imaginary parts of {@code n / 2} complex points, go
 * through Stockham's self-sorting mixed-radix FFT (radix 4, 2, 3 and 5 butterflies), and the
 * result is split into the real signal's spectrum. For sizes JTransforms handles by its allocating
 * mixed-radix path, such as {@code n_fft = 400} (200 = 4 x 2 x 5 x 5); power-of-two sizes are as
 * well served by JTransforms' split radix, and sizes with larger prime factors are not taken.
 *
 * <p>The spectrum is {@code X[k] = sum_t x[t] e^(-2 pi i k t / n)}, unscaled, written in
 * JTransforms' packed layout: {@code a[0]} the DC bin, {@code a[1]} the real Nyquist bin,
 * {@code a[2k], a[2k + 1]} the real and imaginary parts of bin k for {@code 0 < k < n / 2}.
 *
 * <p>Not thread-safe: an instance owns its scratch ({@code 2 n} floats, and about {@code 2 n} of
 * twiddles); use one per thread.
 */
public final class StockhamRealFft {

    private final StockhamPlan plan;
    private final int n;
    private final int half;
    /** The stages' butterflies, over one frame. */
    private final StockhamPlan.Stage stage = StockhamRealFft::butterflies;
    private final float[] ar;
    private final float[] ai;
    private final float[] br;
    private final float[] bi;

    /**
     * A plan for real transforms of {@code n} points.
     *
     * @throws IllegalArgumentException unless {@link #supports supports(n)}
     */
    public StockhamRealFft(int n) {
        this.plan = new StockhamPlan(n);
        this.n = n;
        this.half = n / 2;
        this.ar = new float[half];
        this.ai = new float[half];
        this.br = new float[half];
        this.bi = new float[half];
    }

    /**
     * Replaces the {@code n} real samples in {@code a[0 .. n)} by their spectrum in the packed
     * layout.
     *
     * @throws IllegalArgumentException if {@code a} holds fewer than {@code n} values
     */
    public void forward(float[] a) {
        if (a.length < n) {
            throw new IllegalArgumentException("need " + n + " samples, got " + a.length);
        }
        for (int t = 0; t < half; t++) {
            ar[t] = a[2 * t];
            ai[t] = a[2 * t + 1];
        }
        boolean inA = plan.transform(ar, ai, br, bi, stage);
        split(inA ? ar : br, inA ? ai : bi, a);
    }

    /** Radix {@code p}'s butterflies over one stage of one frame. */
    private static void butterflies(int p, float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr,
                                    float[] wi) {
        switch (p) {
            case 2 -> radix2(xr, xi, yr, yi, m, s, wr, wi);
            case 3 -> radix3(xr, xi, yr, yi, m, s, wr, wi);
            case 4 -> radix4(xr, xi, yr, yi, m, s, wr, wi);
            default -> radix5(xr, xi, yr, yi, m, s, wr, wi);
        }
    }

    /** The real signal's spectrum from the packed transform (zr, zi) of its even and odd samples. */
    private void split(float[] zr, float[] zi, float[] a) {
        a[0] = zr[0] + zi[0];
        a[1] = zr[0] - zi[0];
        for (int k = 1; k < half; k++) {
            float pr = zr[k];
            float pi = zi[k];
            float qr = zr[half - k];
            float qi = -zi[half - k];
            float er = 0.5f * (pr + qr);
            float ei = 0.5f * (pi + qi);
            float or = 0.5f * (pi - qi);
            float oi = -0.5f * (pr - qr);
            float wr = plan.splitRe[k];
            float wi = plan.splitIm[k];
            a[2 * k] = er + or * wr - oi * wi;
            a[2 * k + 1] = ei + or * wi + oi * wr;
        }
    }

    private static void radix2(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        for (int j = 0; j < m; j++) {
            float w1r = wr[2 * j + 1];
            float w1i = wi[2 * j + 1];
            int in = s * j;
            int out = s * 2 * j;
            for (int q = 0; q < s; q++) {
                int i0 = in + q;
                int i1 = i0 + s * m;
                float x0r = xr[i0];
                float x0i = xi[i0];
                float x1r = xr[i1];
                float x1i = xi[i1];
                int o = out + q;
                yr[o] = x0r + x1r;
                yi[o] = x0i + x1i;
                float dr = x0r - x1r;
                float di = x0i - x1i;
                if (j == 0) {
                    yr[o + s] = dr;
                    yi[o + s] = di;
                } else {
                    yr[o + s] = dr * w1r - di * w1i;
                    yi[o + s] = dr * w1i + di * w1r;
                }
            }
        }
    }

    private static void radix3(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        final float c = (float) (Math.sqrt(3) / 2);
        int sm = s * m;
        for (int j = 0; j < m; j++) {
            int in = s * j;
            int out = s * 3 * j;
            for (int q = 0; q < s; q++) {
                int i0 = in + q;
                float x0r = xr[i0];
                float x0i = xi[i0];
                float x1r = xr[i0 + sm];
                float x1i = xi[i0 + sm];
                float x2r = xr[i0 + 2 * sm];
                float x2i = xi[i0 + 2 * sm];
                float tr = x1r + x2r;
                float ti = x1i + x2i;
                float dr = x1r - x2r;
                float di = x1i - x2i;
                float mr = x0r - 0.5f * tr;
                float mi = x0i - 0.5f * ti;
                int o = out + q;
                yr[o] = x0r + tr;
                yi[o] = x0i + ti;
                if (j == 0) {
                    put(yr, yi, o + s, mr + c * di, mi - c * dr);
                    put(yr, yi, o + 2 * s, mr - c * di, mi + c * dr);
                } else {
                    twiddle(yr, yi, o + s, mr + c * di, mi - c * dr, wr[3 * j + 1], wi[3 * j + 1]);
                    twiddle(yr, yi, o + 2 * s, mr - c * di, mi + c * dr, wr[3 * j + 2], wi[3 * j + 2]);
                }
            }
        }
    }

    private static void radix4(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        int sm = s * m;
        for (int j = 0; j < m; j++) {
            int in = s * j;
            int out = s * 4 * j;
            float w1r = wr[4 * j + 1];
            float w1i = wi[4 * j + 1];
            float w2r = wr[4 * j + 2];
            float w2i = wi[4 * j + 2];
            float w3r = wr[4 * j + 3];
            float w3i = wi[4 * j + 3];
            for (int q = 0; q < s; q++) {
                int i0 = in + q;
                float x0r = xr[i0];
                float x0i = xi[i0];
                float x1r = xr[i0 + sm];
                float x1i = xi[i0 + sm];
                float x2r = xr[i0 + 2 * sm];
                float x2i = xi[i0 + 2 * sm];
                float x3r = xr[i0 + 3 * sm];
                float x3i = xi[i0 + 3 * sm];
                float t0r = x0r + x2r;
                float t0i = x0i + x2i;
                float t1r = x0r - x2r;
                float t1i = x0i - x2i;
                float t2r = x1r + x3r;
                float t2i = x1i + x3i;
                float t3r = x1r - x3r;
                float t3i = x1i - x3i;
                int o = out + q;
                yr[o] = t0r + t2r;
                yi[o] = t0i + t2i;
                if (j == 0) {
                    put(yr, yi, o + s, t1r + t3i, t1i - t3r);
                    put(yr, yi, o + 2 * s, t0r - t2r, t0i - t2i);
                    put(yr, yi, o + 3 * s, t1r - t3i, t1i + t3r);
                } else {
                    twiddle(yr, yi, o + s, t1r + t3i, t1i - t3r, w1r, w1i);
                    twiddle(yr, yi, o + 2 * s, t0r - t2r, t0i - t2i, w2r, w2i);
                    twiddle(yr, yi, o + 3 * s, t1r - t3i, t1i + t3r, w3r, w3i);
                }
            }
        }
    }

    private static void radix5(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        final float c1 = (float) Math.cos(2 * Math.PI / 5);
        final float c2 = (float) Math.cos(4 * Math.PI / 5);
        final float s1 = (float) Math.sin(2 * Math.PI / 5);
        final float s2 = (float) Math.sin(4 * Math.PI / 5);
        int sm = s * m;
        for (int j = 0; j < m; j++) {
            int in = s * j;
            int out = s * 5 * j;
            for (int q = 0; q < s; q++) {
                int i0 = in + q;
                float x0r = xr[i0];
                float x0i = xi[i0];
                float x1r = xr[i0 + sm];
                float x1i = xi[i0 + sm];
                float x2r = xr[i0 + 2 * sm];
                float x2i = xi[i0 + 2 * sm];
                float x3r = xr[i0 + 3 * sm];
                float x3i = xi[i0 + 3 * sm];
                float x4r = xr[i0 + 4 * sm];
                float x4i = xi[i0 + 4 * sm];
                float t1r = x1r + x4r;
                float t1i = x1i + x4i;
                float t2r = x2r + x3r;
                float t2i = x2i + x3i;
                float d1r = x1r - x4r;
                float d1i = x1i - x4i;
                float d2r = x2r - x3r;
                float d2i = x2i - x3i;
                float b1r = x0r + c1 * t1r + c2 * t2r;
                float b1i = x0i + c1 * t1i + c2 * t2i;
                float b2r = x0r + c2 * t1r + c1 * t2r;
                float b2i = x0i + c2 * t1i + c1 * t2i;
                float e1r = s1 * d1r + s2 * d2r;
                float e1i = s1 * d1i + s2 * d2i;
                float e2r = s2 * d1r - s1 * d2r;
                float e2i = s2 * d1i - s1 * d2i;
                int o = out + q;
                int w = 5 * j;
                yr[o] = x0r + t1r + t2r;
                yi[o] = x0i + t1i + t2i;
                if (j == 0) {
                    put(yr, yi, o + s, b1r + e1i, b1i - e1r);
                    put(yr, yi, o + 2 * s, b2r + e2i, b2i - e2r);
                    put(yr, yi, o + 3 * s, b2r - e2i, b2i + e2r);
                    put(yr, yi, o + 4 * s, b1r - e1i, b1i + e1r);
                } else {
                    twiddle(yr, yi, o + s, b1r + e1i, b1i - e1r, wr[w + 1], wi[w + 1]);
                    twiddle(yr, yi, o + 2 * s, b2r + e2i, b2i - e2r, wr[w + 2], wi[w + 2]);
                    twiddle(yr, yi, o + 3 * s, b2r - e2i, b2i + e2r, wr[w + 3], wi[w + 3]);
                    twiddle(yr, yi, o + 4 * s, b1r - e1i, b1i + e1r, wr[w + 4], wi[w + 4]);
                }
            }
        }
    }

    /** Stores {@code v} at {@code at}: the butterflies' output where the twiddle {@code w^0} is 1. */
    private static void put(float[] yr, float[] yi, int at, float vr, float vi) {
        yr[at] = vr;
        yi[at] = vi;
    }

    private static void twiddle(float[] yr, float[] yi, int at, float vr, float vi, float wr, float wi) {
        yr[at] = vr * wr - vi * wi;
        yi[at] = vr * wi + vi * wr;
    }

    /** Whether {@code n} is a size this transform takes: even, at least 2, {@code n / 2} a product of 2, 3 and 5. */
    public static boolean supports(int n) {
        return n >= 2 && (n & 1) == 0 && StockhamPlan.factor(n / 2) != null;
    }
}
