package io.reactiveaudio.dsp.resample;

/**
 * The anti-aliasing and anti-imaging lowpass for one {@link ResampleRatio}: a Kaiser-windowed
 * sinc, split into {@link #phases()} polyphase branches of {@link #taps()} coefficients each, so
 * that every output sample is one dot product of {@code taps()} input samples.
 *
 * <p><b>Quality.</b> With {@code fN = min(inputRate, outputRate) / 2}, the lower of the two
 * Nyquist frequencies, the response is flat within ±{@value #PASSBAND_RIPPLE_DB} dB from 0 Hz to
 * {@value #PASSBAND_EDGE} × fN and at least {@value #STOPBAND_ATTENUATION_DB} dB down from fN on,
 * which removes aliases when downsampling and images when upsampling. The cutoff (-6 dB) lies in
 * the middle of the transition band, at 0.95 × fN. The number of taps follows from Kaiser's
 * formula for that transition width and 96 dB, a margin over the
 * stated attenuation (the design measures 95.7 dB); it is proportional to {@code inputRate / fN}:
 * 123 taps per output sample for 8 to 16 kHz, 124 for 44.1 to 48 kHz, 245 for 16 to 8 kHz, 340
 * for 44.1 to 16 kHz and 367 for 48 to 16 kHz.
 *
 * <p><b>Timing.</b> The filter is centred (zero phase, linear-phase delay compensated): output
 * frame {@code k} is the band-limited input evaluated at input time {@code k * down / up}, so a
 * click moves to exactly the corresponding output time. Phase {@code p} serves the output times
 * whose fractional part is {@code p / up}: it is the filter sampled at those offsets, one tap per
 * input frame.
 *
 * <p><b>Gain.</b> The coefficients of every phase are scaled so that they sum to 1 (the residual
 * of rounding them to float32 is folded into the largest one), so a constant input gives the same
 * constant out, to float32 precision, at every output position and not only on average.
 *
 * <p><b>Identity.</b> For equal rates the filter is the unit impulse, one phase of one tap 1.0:
 * resampling is an exact pass-through.
 *
 * <p>Coefficients are float32 (half the memory and cache footprint of double, and 24-bit accuracy
 * is some 50 dB beyond the stated quality), stored phase after phase, each phase contiguous. The
 * table holds {@code phases() * taps()} floats: 54 400 (213 KiB) for 44.1 to 16 kHz, but rates
 * with a small common divisor need many phases (44 101 to 48 000 Hz: 48 000 phases of 124 taps,
 * 24 MB, half a second to design), so share one filter among all resamplers of a ratio.
 * Immutable and thread-safe.
 */
public final class PolyphaseFilter {

    /** Upper edge of the flat passband, as a fraction of the lower Nyquist frequency. */
    public static final double PASSBAND_EDGE = 0.9;
    /** Largest deviation from unit gain in the passband, in dB (either way). */
    public static final double PASSBAND_RIPPLE_DB = 0.1;
    /** Least attenuation from the lower Nyquist frequency up, in dB. */
    public static final double STOPBAND_ATTENUATION_DB = 90;
    /** The attenuation the taps are designed for, in dB; above the stated one as a margin. */
    static final double DESIGN_ATTENUATION_DB = 96;

    private final ResampleRatio ratio;
    private final int phases;
    private final int taps;
    private final int pastTaps;
    private final float[] coefficients;

    private PolyphaseFilter(ResampleRatio ratio, int phases, int taps, int pastTaps, float[] coefficients) {
        this.ratio = ratio;
        this.phases = phases;
        this.taps = taps;
        this.pastTaps = pastTaps;
        this.coefficients = coefficients;
    }

    /**
     * Designs the filter for a ratio. Takes time and memory in proportion to
     * {@code ratio.up() * taps()}: a few milliseconds for 44.1 to 16 kHz.
     *
     * @throws IllegalArgumentException if the coefficient table would not fit one Java array
     */
    public static PolyphaseFilter design(ResampleRatio ratio) {
        if (ratio.isIdentity()) {
            return new PolyphaseFilter(ratio, 1, 1, 0, new float[] {1f});
        }
        int phases = ratio.up();
        double inputRate = ratio.inputRate();
        double lowerNyquist = lowerNyquist(ratio);
        double passbandEdge = PASSBAND_EDGE * lowerNyquist;
        double cutoff = (passbandEdge + lowerNyquist) / 2 / inputRate;
        double halfWidth = KaiserWindow.order(DESIGN_ATTENUATION_DB, (lowerNyquist - passbandEdge) / inputRate) / 2;
        int pastTaps = (int) Math.floor(halfWidth);
        int futureTaps = (int) Math.floor(halfWidth + (phases - 1.0) / phases);
        int taps = pastTaps + futureTaps + 1;
        long size = (long) phases * taps;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    "%d Hz to %d Hz needs %d phases of %d taps, more than one array holds; resample in two steps",
                    ratio.inputRate(), ratio.outputRate(), phases, taps));
        }
        KaiserWindow window = KaiserWindow.forAttenuation(DESIGN_ATTENUATION_DB);
        float[] coefficients = new float[(int) size];
        double[] phase = new double[taps];
        for (int p = 0; p < phases; p++) {
            for (int i = 0; i < taps; i++) {
                double t = (double) p / phases + pastTaps - i;
                phase[i] = 2 * cutoff * sinc(2 * cutoff * t) * window.at(t / halfWidth);
            }
            normaliseInto(phase, coefficients, p * taps);
        }
        return new PolyphaseFilter(ratio, phases, taps, pastTaps, coefficients);
    }

    /** The ratio the filter was designed for. */
    public ResampleRatio ratio() {
        return ratio;
    }

    /** Number of polyphase branches: {@code ratio().up()}. */
    public int phases() {
        return phases;
    }

    /** Coefficients per phase: the input frames, and multiply-adds, behind each output sample. */
    public int taps() {
        return taps;
    }

    /** Upper edge of the flat passband in Hz: {@value #PASSBAND_EDGE} × the lower Nyquist frequency. */
    public double passbandEdgeHz() {
        return PASSBAND_EDGE * lowerNyquist(ratio);
    }

    /** Lower edge of the stopband in Hz: the lower Nyquist frequency, {@code min(inputRate, outputRate) / 2}. */
    public double stopbandEdgeHz() {
        return lowerNyquist(ratio);
    }

    /** How many taps of each phase lie at or before the newest input frame they weigh. */
    int pastTaps() {
        return pastTaps;
    }

    /** The table, phase after phase; never modified. */
    float[] coefficients() {
        return coefficients;
    }

    private static double lowerNyquist(ResampleRatio ratio) {
        return Math.min(ratio.inputRate(), ratio.outputRate()) / 2.0;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double pix = Math.PI * x;
        return Math.sin(pix) / pix;
    }

    /**
     * Scales {@code phase} to sum 1 and rounds it into {@code out} from {@code offset}, then adds
     * what the rounded coefficients miss of 1 to the largest of them.
     */
    private static void normaliseInto(double[] phase, float[] out, int offset) {
        double sum = 0;
        for (double c : phase) {
            sum += c;
        }
        int largest = 0;
        double roundedSum = 0;
        for (int i = 0; i < phase.length; i++) {
            float c = (float) (phase[i] / sum);
            out[offset + i] = c;
            roundedSum += c;
            if (Math.abs(c) > Math.abs(out[offset + largest])) {
                largest = i;
            }
        }
        out[offset + largest] = (float) (out[offset + largest] + (1 - roundedSum));
    }
}
