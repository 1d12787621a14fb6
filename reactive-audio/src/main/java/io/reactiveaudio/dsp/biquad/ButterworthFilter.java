package io.reactiveaudio.dsp.biquad;

/**
 * A Butterworth low-pass or high-pass filter of even order, as a cascade of second-order
 * sections designed by the bilinear transform with the cutoff pre-warped (the "Audio EQ
 * Cookbook" biquads): the magnitude is exactly -3.01 dB at the cutoff for every order, and falls
 * (rises) by {@code 6 * order} dB per octave away from it, so {@code order 2} is 12 dB/octave.
 * Coefficients and state are double; samples float.
 *
 * <p>Immutable and thread-safe; {@link #process} keeps its state on the stack of the call, so a
 * call filters one whole item from silence (no state carries between calls).
 */
public final class ButterworthFilter {

    private final boolean highPass;
    private final double cutoffHz;
    private final double sampleRate;
    private final int order;
    /** Per section: b0, b1, b2, a1, a2 (normalised by a0). */
    private final double[] coefficients;

    private ButterworthFilter(boolean highPass, double cutoffHz, double sampleRate, int order) {
        if (!(sampleRate > 0) || !(cutoffHz > 0) || cutoffHz >= sampleRate / 2) {
            throw new IllegalArgumentException("cutoff must be in (0, " + sampleRate / 2
                    + ") Hz (below Nyquist), got " + cutoffHz + " Hz at " + sampleRate + " Hz");
        }
        if (order < 2 || order % 2 != 0 || order > 16) {
            throw new IllegalArgumentException("order must be even, 2..16, got " + order);
        }
        this.highPass = highPass;
        this.cutoffHz = cutoffHz;
        this.sampleRate = sampleRate;
        this.order = order;
        this.coefficients = new double[order / 2 * 5];
        double w0 = 2 * Math.PI * cutoffHz / sampleRate;
        double cos = Math.cos(w0);
        double sin = Math.sin(w0);
        for (int k = 0; k < order / 2; k++) {
            double q = 1 / (2 * Math.sin((2 * k + 1) * Math.PI / (2 * order)));
            double alpha = sin / (2 * q);
            double a0 = 1 + alpha;
            double b1 = highPass ? -(1 + cos) : 1 - cos;
            double b0 = Math.abs(b1) / 2;
            int at = k * 5;
            coefficients[at] = b0 / a0;
            coefficients[at + 1] = b1 / a0;
            coefficients[at + 2] = b0 / a0;
            coefficients[at + 3] = -2 * cos / a0;
            coefficients[at + 4] = (1 - alpha) / a0;
        }
    }

    /**
     * A low-pass filter.
     *
     * @param cutoffHz the -3 dB frequency, below {@code sampleRate / 2}
     * @param sampleRate in Hz
     * @param order even, 2 (12 dB/octave) to 16
     * @throws IllegalArgumentException for a cutoff at or above Nyquist or an invalid order
     */
    public static ButterworthFilter lowPass(double cutoffHz, double sampleRate, int order) {
        return new ButterworthFilter(false, cutoffHz, sampleRate, order);
    }

    /**
     * A high-pass filter.
     *
     * @param cutoffHz the -3 dB frequency, below {@code sampleRate / 2}
     * @param sampleRate in Hz
     * @param order even, 2 (12 dB/octave) to 16
     * @throws IllegalArgumentException for a cutoff at or above Nyquist or an invalid order
     */
    public static ButterworthFilter highPass(double cutoffHz, double sampleRate, int order) {
        return new ButterworthFilter(true, cutoffHz, sampleRate, order);
    }

    /** The -3 dB frequency in Hz. */
    public double cutoffHz() {
        return cutoffHz;
    }

    /** The order: twice the number of sections; the slope is {@code 6 * order} dB per octave. */
    public int order() {
        return order;
    }

    /** The designed magnitude response at {@code frequencyHz}, in dB. */
    public double responseDb(double frequencyHz) {
        double w = 2 * Math.PI * frequencyHz / sampleRate;
        double cos1 = Math.cos(w);
        double sin1 = Math.sin(w);
        double cos2 = Math.cos(2 * w);
        double sin2 = Math.sin(2 * w);
        double db = 0;
        for (int at = 0; at < coefficients.length; at += 5) {
            double numRe = coefficients[at] + coefficients[at + 1] * cos1 + coefficients[at + 2] * cos2;
            double numIm = -(coefficients[at + 1] * sin1 + coefficients[at + 2] * sin2);
            double denRe = 1 + coefficients[at + 3] * cos1 + coefficients[at + 4] * cos2;
            double denIm = -(coefficients[at + 3] * sin1 + coefficients[at + 4] * sin2);
            db += 10 * Math.log10((numRe * numRe + numIm * numIm) / (denRe * denRe + denIm * denIm));
        }
        return db;
    }

    /**
     * Filters interleaved samples in place, each channel on its own, starting from silence
     * (transposed direct form II, double state).
     *
     * @param samples interleaved samples, a whole number of frames
     * @param channels channel count
     */
    public void process(float[] samples, int channels) {
        for (int at = 0; at < coefficients.length; at += 5) {
            if (channels == 2) {
                processStereo(samples, at);
            } else {
                for (int c = 0; c < channels; c++) {
                    processChannel(samples, c, channels, at);
                }
            }
        }
    }

    /*
     * Both loops run the transposed direct form II with its second state eliminated:
     * s[n] = c1 x[n] + c2 x[n-1] - a1 s[n-1] - a2 s[n-2] and y[n] = b0 x[n] + s[n-1], where
     * c1 = b1 - a1 b0 and c2 = b2 - a2 b0. The input terms are summed off the loop-carried path;
     * on it lie "- a2 s[n-2]" and "- a1 s[n-1]", each one fused multiply-add (Math.fma, exactly
     * rounded, so results are the same on every JVM): a new state every FMA latency, about half
     * the time of a multiply then an add. CPUs without FMA (x86 before 2013) run Math.fma in
     * software, many times slower.
     */
    private void processChannel(float[] samples, int channel, int channels, int at) {
        double b0 = coefficients[at];
        double a1 = coefficients[at + 3];
        double a2 = coefficients[at + 4];
        double c1 = coefficients[at + 1] - a1 * b0;
        double c2 = coefficients[at + 2] - a2 * b0;
        double s1 = 0;
        double s2 = 0;
        double previous = 0;
        for (int i = channel; i < samples.length; i += channels) {
            double x = samples[i];
            samples[i] = (float) Math.fma(b0, x, s1);
            double partial = Math.fma(-a2, s2, Math.fma(c1, x, c2 * previous));
            s2 = s1;
            s1 = Math.fma(-a1, s1, partial);
            previous = x;
        }
    }

    /** Both channels of a stereo signal in one pass: two independent recursions the CPU overlaps. */
    private void processStereo(float[] samples, int at) {
        double b0 = coefficients[at];
        double a1 = coefficients[at + 3];
        double a2 = coefficients[at + 4];
        double c1 = coefficients[at + 1] - a1 * b0;
        double c2 = coefficients[at + 2] - a2 * b0;
        double l1 = 0;
        double l2 = 0;
        double r1 = 0;
        double r2 = 0;
        double lx = 0;
        double rx = 0;
        for (int i = 0; i + 1 < samples.length; i += 2) {
            double xl = samples[i];
            double xr = samples[i + 1];
            samples[i] = (float) Math.fma(b0, xl, l1);
            samples[i + 1] = (float) Math.fma(b0, xr, r1);
            double pl = Math.fma(-a2, l2, Math.fma(c1, xl, c2 * lx));
            double pr = Math.fma(-a2, r2, Math.fma(c1, xr, c2 * rx));
            l2 = l1;
            r2 = r1;
            l1 = Math.fma(-a1, l1, pl);
            r1 = Math.fma(-a1, r1, pr);
            lx = xl;
            rx = xr;
        }
    }

    @Override
    public String toString() {
        return (highPass ? "high-pass " : "low-pass ") + cutoffHz + " Hz, order " + order;
    }
}
