package io.reactiveaudio.dsp.stretch;

import java.util.Objects;

/**
 * Changes the duration of interleaved audio and keeps its pitch, by waveform-similarity
 * overlap-add (WSOLA, Verhelst and Roelands 1993).
 *
 * <p><b>Algorithm.</b> The output is a sum of periodic-Hann windowed input segments of
 * {@code 2 * hop} frames, one every {@code hop} output frames (50 % overlap, so the windows sum
 * to exactly 1). Segment {@code k} is centred at output frame {@code k * hop} and nominally at
 * input frame {@code k * hop * rate}; it may move by up to {@code tolerance} frames from there,
 * to where its first half best matches the second half of the previous segment (the input that
 * would naturally follow it), so the overlap adds waveforms in phase. The match maximises the
 * cross-correlation normalised by the candidate's energy, on the sum of the channels, in two
 * steps: every candidate on that sum box-averaged over {@code decimation} frames and taken at
 * every {@code decimation}-th frame, then every frame within {@code decimation} of the best.
 * All channels use the same segment positions, so they stay aligned with each other. Input
 * before the start and after the end counts as silence.
 *
 * <p><b>Cost.</b> Per {@code hop} output frames: about {@code (2 tolerance / decimation + 1)
 * hop / decimation + (2 decimation + 1) hop} multiply-adds for the search and
 * {@code 2 hop channels} for the overlap-add. Each call allocates a padded copy of its input.
 *
 * <p>Immutable and thread-safe; arithmetic is in a fixed order, so results are reproducible.
 */
public final class Wsola {

    /** Hop at 44 100 Hz, in frames; other rates use the same duration (11.6 ms). */
    private static final int HOP_AT_44100 = 512;
    /** The search's coarse step in frames at 44 100 Hz; other rates use the same duration. */
    private static final int DECIMATION_AT_44100 = 8;
    /** No candidate had energy. */
    private static final int NONE = Integer.MIN_VALUE;

    private final int hop;
    private final int tolerance;
    private final int decimation;
    private final float[] window;

    /**
     * A stretcher with the given geometry.
     *
     * @param hop output frames from one segment to the next; segments are {@code 2 * hop} long
     * @param tolerance how far, in input frames, a segment may move from its nominal place
     * @param decimation the coarse search step in frames, at most {@code hop}
     * @throws IllegalArgumentException unless {@code 1 <= decimation <= hop}, {@code tolerance >= 0}
     */
    public Wsola(int hop, int tolerance, int decimation) {
        if (decimation < 1 || decimation > hop || tolerance < 0) {
            throw new IllegalArgumentException("need 1 <= decimation <= hop and tolerance >= 0, got hop " + hop
                    + ", tolerance " + tolerance + ", decimation " + decimation);
        }
        this.hop = hop;
        this.tolerance = tolerance;
        this.decimation = decimation;
        this.window = new float[2 * hop];
        for (int j = 0; j < window.length; j++) {
            window[j] = (float) (0.5 - 0.5 * Math.cos(Math.PI * j / hop));
        }
    }

    /**
     * The stretcher for audio at {@code sampleRate} Hz: segments of 23.2 ms (1024 frames at
     * 44.1 kHz), a hop and a tolerance of 11.6 ms (512 frames), a coarse step of 0.18 ms (8 frames,
     * a 5.5 kHz grid).
     *
     * @throws IllegalArgumentException unless {@code sampleRate >= 1}
     */
    public static Wsola forSampleRate(int sampleRate) {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sampleRate must be at least 1 Hz, got " + sampleRate);
        }
        int hop = Math.max(2, (int) Math.round(sampleRate * (double) HOP_AT_44100 / 44_100));
        int decimation = (int) Math.round(sampleRate * (double) DECIMATION_AT_44100 / 44_100);
        return new Wsola(hop, hop, Math.max(1, Math.min(hop, decimation)));
    }

    /** Output frames from one segment to the next; segments are twice as long. */
    public int hop() {
        return hop;
    }

    /** How far a segment may move from its nominal input position, in frames. */
    public int tolerance() {
        return tolerance;
    }

    /** The coarse search step, in frames. */
    public int decimation() {
        return decimation;
    }

    /**
     * Plays {@code interleaved} at {@code rate} times its tempo, into {@code outputFrames} frames.
     * Give {@code outputFrames = round(frames / rate)} for the whole input; fewer stop early,
     * more continue into silence.
     *
     * @param interleaved the input, a whole number of frames of {@code channels} samples
     * @param channels interleaved channels per frame
     * @param rate input frames consumed per output frame: above 1 is faster (shorter)
     * @param outputFrames the length of the result in frames
     * @return a new array of {@code outputFrames * channels} samples
     * @throws IllegalArgumentException for a non-positive or non-finite rate, channels or length
     */
    public float[] stretch(float[] interleaved, int channels, double rate, int outputFrames) {
        Objects.requireNonNull(interleaved, "interleaved");
        if (channels < 1 || interleaved.length % channels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples are not whole frames of " + channels + " channels");
        }
        if (!(rate > 0) || Double.isInfinite(rate) || outputFrames < 1) {
            throw new IllegalArgumentException("need a finite rate > 0 and outputFrames >= 1, got " + rate + ", " + outputFrames);
        }
        int frames = interleaved.length / channels;
        int lastSegment = (outputFrames - 1) / hop + 1;
        int margin = hop + tolerance + 2 * decimation + 2;
        long reach = (long) Math.ceil((double) lastSegment * hop * rate);
        long padded = margin + Math.max(frames, reach) + margin;
        if (padded * (channels + 1) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the input is too long to stretch in one call: " + frames + " frames");
        }
        Padded input = new Padded(interleaved, channels, frames, margin, (int) padded, decimation);
        float[] out = new float[Math.multiplyExact(outputFrames, channels)];
        int centre = margin;
        for (int k = 0; k <= lastSegment; k++) {
            if (k > 0) {
                int nominal = margin + (int) Math.round(k * (double) hop * rate);
                centre = bestStart(input, centre, nominal - hop) + hop;
            }
            overlapAdd(input, centre, k * hop - hop, out, outputFrames);
        }
        return out;
    }

    /**
     * The start, within {@code tolerance} of {@code nominal}, of the {@code hop} frames that best
     * continue the ones from {@code reference} (all in padded frames); {@code nominal} when the
     * reference is silent.
     */
    private int bestStart(Padded input, int reference, int nominal) {
        float[] mono = input.mono;
        if (energy(mono, reference, hop) == 0) {
            return nominal;
        }
        int coarse = coarseStart(input, reference, nominal);
        int from = Math.max(nominal - tolerance, coarse - decimation);
        int to = Math.min(nominal + tolerance, coarse + decimation);
        int best = bestMatch(mono, reference, hop, from, to);
        return best == NONE ? nominal : best;
    }

    /** The best start on the decimated sum, keeping the reference's offset from the grid. */
    private int coarseStart(Padded input, int reference, int nominal) {
        int d = decimation;
        int referenceCell = (reference + d / 2) / d;
        int offset = reference - referenceCell * d;
        int firstCell = Math.floorDiv(nominal - tolerance - offset + d - 1, d);
        int lastCell = Math.floorDiv(nominal + tolerance - offset, d);
        int cell = bestMatch(input.decimated, referenceCell, hop / d, firstCell, lastCell);
        return cell == NONE ? nominal : cell * d + offset;
    }

    /**
     * The start in {@code [from, to]} whose {@code length} values best match those at
     * {@code reference}, by cross-correlation over the square root of the candidate's energy
     * (the first of equals); {@link #NONE} if no candidate has energy.
     */
    private static int bestMatch(float[] signal, int reference, int length, int from, int to) {
        int best = NONE;
        double bestScore = Double.NEGATIVE_INFINITY;
        double energy = energy(signal, from, length);
        for (int s = from; s <= to; s++) {
            if (s > from) {
                float leaving = signal[s - 1];
                float entering = signal[s - 1 + length];
                energy = Math.max(0, energy - (double) leaving * leaving + (double) entering * entering);
            }
            if (energy > 0) {
                double score = dot(signal, reference, signal, s, length) / Math.sqrt(energy);
                if (score > bestScore) {
                    best = s;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    /** Adds the windowed segment centred at input frame {@code centre} to the output from {@code outStart}. */
    private void overlapAdd(Padded input, int centre, int outStart, float[] out, int outputFrames) {
        int channels = input.channels;
        int first = Math.max(0, -outStart);
        int last = Math.min(window.length, outputFrames - outStart);
        int inStart = centre - hop;
        for (int c = 0; c < channels; c++) {
            float[] plane = input.planes[c];
            for (int j = first; j < last; j++) {
                out[(outStart + j) * channels + c] += window[j] * plane[inStart + j];
            }
        }
    }

    private static double energy(float[] signal, int from, int length) {
        return dot(signal, from, signal, from, length);
    }

    /** A dot product in four float partial sums (fixed order), returned in double. */
    private static double dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += a[aFrom + i] * b[bFrom + i];
            s1 += a[aFrom + i + 1] * b[bFrom + i + 1];
            s2 += a[aFrom + i + 2] * b[bFrom + i + 2];
            s3 += a[aFrom + i + 3] * b[bFrom + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[aFrom + i] * b[bFrom + i];
        }
        return (double) (s0 + s1) + (s2 + s3);
    }

    /**
     * The input as silence-padded planes, their sum over channels, and that sum box-averaged
     * over {@code decimation} frames at every {@code decimation}-th frame.
     */
    private static final class Padded {
        final int channels;
        final float[][] planes;
        final float[] mono;
        final float[] decimated;

        Padded(float[] interleaved, int channels, int frames, int margin, int length, int decimation) {
            this.channels = channels;
            this.planes = new float[channels][length];
            this.mono = new float[length];
            for (int t = 0; t < frames; t++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    float v = interleaved[t * channels + c];
                    planes[c][margin + t] = v;
                    sum += v;
                }
                mono[margin + t] = sum;
            }
            this.decimated = new float[length / decimation];
            for (int q = 0; q < decimated.length; q++) {
                float sum = 0;
                for (int i = q * decimation; i < (q + 1) * decimation; i++) {
                    sum += mono[i];
                }
                decimated[q] = sum / decimation;
            }
        }
    }
}
