package io.reactiveaudio.dsp.fft;

/**
 * The power spectra of several real frames at once, in float32: the transform of
 * {@link StockhamRealFft} (the even and odd samples as one complex FFT of {@code n / 2} points, by
 * Stockham's self-sorting radix 4, 2, 3 and 5 stages, then split) with every arithmetic step done
 * for {@link #lanes()} frames side by side. The frames are interleaved, sample t of lane l at
 * {@code [t * lanes + l]}, so each step is a loop over consecutive lanes that the JIT compiles to
 * vector instructions; one frame at a time, the same steps run on scalars.
 *
 * <p>Each lane's result is {@code |X[k]|^2} of {@code X[k] = sum_t x[t] e^(-2 pi i k t / n)},
 * unscaled, for k = 0 .. n / 2, the same arithmetic in the same order as {@link StockhamRealFft}
 * followed by {@code re * re + im * im}, so the powers are bit-identical to it.
 *
 * <p>Not thread-safe: an instance owns its scratch ({@code 2 n lanes} floats, and about {@code 2 n}
 * of twiddles); use one per thread. Allocates nothing per call.
 */
public final class LanedRealFft {

    private final StockhamPlan plan;
    private final int n;
    private final int half;
    private final int lanes;
    /** The stages' butterflies, over every lane. */
    private final StockhamPlan.Stage stage = this::butterflies;
    private final float[] ar;
    private final float[] ai;
    private final float[] br;
    private final float[] bi;

    /**
     * A plan for {@code lanes} real transforms of {@code n} points at once.
     *
     * @throws IllegalArgumentException unless {@link StockhamRealFft#supports supports(n)} and
     *     {@code lanes} is at least 1
     */
    public LanedRealFft(int n, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1: " + lanes);
        }
        this.plan = new StockhamPlan(n);
        this.n = n;
        this.half = n / 2;
        this.lanes = lanes;
        this.ar = new float[half * lanes];
        this.ai = new float[half * lanes];
        this.br = new float[half * lanes];
        this.bi = new float[half * lanes];
    }

    /** Frames transformed side by side. */
    public int lanes() {
        return lanes;
    }

    /** Points per frame. */
    public int size() {
        return n;
    }

    /**
     * Writes the power spectra of the {@link #lanes()} interleaved frames in
     * {@code frames[0 .. n * lanes)} to {@code powers[0 .. (n / 2 + 1) * lanes)}, bin k of lane l at
     * {@code [k * lanes + l]}; {@code frames} is left unchanged.
     *
     * @throws IllegalArgumentException if an array is too short
     */
    public void powers(float[] frames, float[] powers) {
        int width = lanes;
        if (frames.length < n * width || powers.length < (half + 1) * width) {
            throw new IllegalArgumentException("need " + n * width + " samples and room for " + (half + 1) * width
                    + " powers, got " + frames.length + " and " + powers.length);
        }
        for (int t = 0; t < half; t++) {
            System.arraycopy(frames, 2 * t * width, ar, t * width, width);
            System.arraycopy(frames, (2 * t + 1) * width, ai, t * width, width);
        }
        boolean inA = plan.transform(ar, ai, br, bi, stage);
        split(inA ? ar : br, inA ? ai : bi, powers);
    }

    /** Radix {@code p}'s butterflies over one stage of every lane. */
    private void butterflies(int p, float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr,
                             float[] wi) {
        switch (p) {
            case 2 -> radix2(xr, xi, yr, yi, m, s, wr, wi);
            case 3 -> radix3(xr, xi, yr, yi, m, s, wr, wi);
            case 4 -> radix4(xr, xi, yr, yi, m, s, wr, wi);
            default -> radix5(xr, xi, yr, yi, m, s, wr, wi);
        }
    }

    /** The powers of the real frames' spectra from the packed transforms (zr, zi). */
    private void split(float[] zr, float[] zi, float[] powers) {
        int w = lanes;
        int nyquist = half * w;
        for (int l = 0; l < w; l++) {
            float dc = zr[l] + zi[l];
            float ny = zr[l] - zi[l];
            powers[l] = dc * dc;
            powers[nyquist + l] = ny * ny;
        }
        for (int k = 1; k < half; k++) {
            float wr = plan.splitRe[k];
            float wi = plan.splitIm[k];
            int p = k * w;
            int q = (half - k) * w;
            for (int l = 0; l < w; l++) {
                float pr = zr[p + l];
                float pi = zi[p + l];
                float qr = zr[q + l];
                float qi = -zi[q + l];
                float er = 0.5f * (pr + qr);
                float ei = 0.5f * (pi + qi);
                float or = 0.5f * (pi - qi);
                float oi = -0.5f * (pr - qr);
                float re = er + or * wr - oi * wi;
                float im = ei + or * wi + oi * wr;
                powers[p + l] = re * re + im * im;
            }
        }
    }

    private void radix2(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        int w = lanes;
        for (int j = 0; j < m; j++) {
            float w1r = wr[2 * j + 1];
            float w1i = wi[2 * j + 1];
            for (int q = 0; q < s; q++) {
                int i0 = (s * j + q) * w;
                int i1 = i0 + s * m * w;
                int o0 = (s * 2 * j + q) * w;
                int o1 = o0 + s * w;
                for (int l = 0; l < w; l++) {
                    float x0r = xr[i0 + l];
                    float x0i = xi[i0 + l];
                    float x1r = xr[i1 + l];
                    float x1i = xi[i1 + l];
                    yr[o0 + l] = x0r + x1r;
                    yi[o0 + l] = x0i + x1i;
                    float dr = x0r - x1r;
                    float di = x0i - x1i;
                    yr[o1 + l] = dr * w1r - di * w1i;
                    yi[o1 + l] = dr * w1i + di * w1r;
                }
            }
        }
    }

    private void radix3(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        final float c = (float) (Math.sqrt(3) / 2);
        int w = lanes;
        int sm = s * m * w;
        for (int j = 0; j < m; j++) {
            float w1r = wr[3 * j + 1];
            float w1i = wi[3 * j + 1];
            float w2r = wr[3 * j + 2];
            float w2i = wi[3 * j + 2];
            for (int q = 0; q < s; q++) {
                int i0 = (s * j + q) * w;
                int o0 = (s * 3 * j + q) * w;
                int o1 = o0 + s * w;
                int o2 = o1 + s * w;
                for (int l = 0; l < w; l++) {
                    float x0r = xr[i0 + l];
                    float x0i = xi[i0 + l];
                    float x1r = xr[i0 + sm + l];
                    float x1i = xi[i0 + sm + l];
                    float x2r = xr[i0 + 2 * sm + l];
                    float x2i = xi[i0 + 2 * sm + l];
                    float tr = x1r + x2r;
                    float ti = x1i + x2i;
                    float dr = x1r - x2r;
                    float di = x1i - x2i;
                    float mr = x0r - 0.5f * tr;
                    float mi = x0i - 0.5f * ti;
                    yr[o0 + l] = x0r + tr;
                    yi[o0 + l] = x0i + ti;
                    float ur = mr + c * di;
                    float ui = mi - c * dr;
                    float vr = mr - c * di;
                    float vi = mi + c * dr;
                    yr[o1 + l] = ur * w1r - ui * w1i;
                    yi[o1 + l] = ur * w1i + ui * w1r;
                    yr[o2 + l] = vr * w2r - vi * w2i;
                    yi[o2 + l] = vr * w2i + vi * w2r;
                }
            }
        }
    }

    private void radix4(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        int w = lanes;
        int sm = s * m * w;
        for (int j = 0; j < m; j++) {
            float w1r = wr[4 * j + 1];
            float w1i = wi[4 * j + 1];
            float w2r = wr[4 * j + 2];
            float w2i = wi[4 * j + 2];
            float w3r = wr[4 * j + 3];
            float w3i = wi[4 * j + 3];
            for (int q = 0; q < s; q++) {
                int i0 = (s * j + q) * w;
                int o0 = (s * 4 * j + q) * w;
                int o1 = o0 + s * w;
                int o2 = o1 + s * w;
                int o3 = o2 + s * w;
                for (int l = 0; l < w; l++) {
                    float x0r = xr[i0 + l];
                    float x0i = xi[i0 + l];
                    float x1r = xr[i0 + sm + l];
                    float x1i = xi[i0 + sm + l];
                    float x2r = xr[i0 + 2 * sm + l];
                    float x2i = xi[i0 + 2 * sm + l];
                    float x3r = xr[i0 + 3 * sm + l];
                    float x3i = xi[i0 + 3 * sm + l];
                    float t0r = x0r + x2r;
                    float t0i = x0i + x2i;
                    float t1r = x0r - x2r;
                    float t1i = x0i - x2i;
                    float t2r = x1r + x3r;
                    float t2i = x1i + x3i;
                    float t3r = x1r - x3r;
                    float t3i = x1i - x3i;
                    yr[o0 + l] = t0r + t2r;
                    yi[o0 + l] = t0i + t2i;
                    float ur = t1r + t3i;
                    float ui = t1i - t3r;
                    float vr = t0r - t2r;
                    float vi = t0i - t2i;
                    float zr = t1r - t3i;
                    float zi = t1i + t3r;
                    yr[o1 + l] = ur * w1r - ui * w1i;
                    yi[o1 + l] = ur * w1i + ui * w1r;
                    yr[o2 + l] = vr * w2r - vi * w2i;
                    yi[o2 + l] = vr * w2i + vi * w2r;
                    yr[o3 + l] = zr * w3r - zi * w3i;
                    yi[o3 + l] = zr * w3i + zi * w3r;
                }
            }
        }
    }

    private void radix5(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, float[] wr, float[] wi) {
        final float c1 = (float) Math.cos(2 * Math.PI / 5);
        final float c2 = (float) Math.cos(4 * Math.PI / 5);
        final float s1 = (float) Math.sin(2 * Math.PI / 5);
        final float s2 = (float) Math.sin(4 * Math.PI / 5);
        int w = lanes;
        int sm = s * m * w;
        for (int j = 0; j < m; j++) {
            int tw = 5 * j;
            float w1r = wr[tw + 1];
            float w1i = wi[tw + 1];
            float w2r = wr[tw + 2];
            float w2i = wi[tw + 2];
            float w3r = wr[tw + 3];
            float w3i = wi[tw + 3];
            float w4r = wr[tw + 4];
            float w4i = wi[tw + 4];
            for (int q = 0; q < s; q++) {
                int i0 = (s * j + q) * w;
                int o0 = (s * 5 * j + q) * w;
                int o1 = o0 + s * w;
                int o2 = o1 + s * w;
                int o3 = o2 + s * w;
                int o4 = o3 + s * w;
                for (int l = 0; l < w; l++) {
                    float x0r = xr[i0 + l];
                    float x0i = xi[i0 + l];
                    float x1r = xr[i0 + sm + l];
                    float x1i = xi[i0 + sm + l];
                    float x2r = xr[i0 + 2 * sm + l];
                    float x2i = xi[i0 + 2 * sm + l];
                    float x3r = xr[i0 + 3 * sm + l];
                    float x3i = xi[i0 + 3 * sm + l];
                    float x4r = xr[i0 + 4 * sm + l];
                    float x4i = xi[i0 + 4 * sm + l];
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
                    yr[o0 + l] = x0r + t1r + t2r;
                    yi[o0 + l] = x0i + t1i + t2i;
                    float ur = b1r + e1i;
                    float ui = b1i - e1r;
                    float vr = b2r + e2i;
                    float vi = b2i - e2r;
                    float pr = b2r - e2i;
                    float pi = b2i + e2r;
                    float zr = b1r - e1i;
                    float zi = b1i + e1r;
                    yr[o1 + l] = ur * w1r - ui * w1i;
                    yi[o1 + l] = ur * w1i + ui * w1r;
                    yr[o2 + l] = vr * w2r - vi * w2i;
                    yi[o2 + l] = vr * w2i + vi * w2r;
                    yr[o3 + l] = pr * w3r - pi * w3i;
                    yi[o3 + l] = pr * w3i + pi * w3r;
                    yr[o4 + l] = zr * w4r - zi * w4i;
                    yi[o4 + l] = zr * w4i + zi * w4r;
                }
            }
        }
    }
}
