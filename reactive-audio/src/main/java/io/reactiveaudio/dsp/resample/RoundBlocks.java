package io.reactiveaudio.dsp.resample;

import java.util.Arrays;

/**
 * The vectorised path of {@link PolyphaseResampler}: a run of whole rounds at once, a round
 * being the {@code roundOutputs = L * up} outputs from one phase-0 output to the next one that
 * many outputs on, which take {@code roundInputs = L * down} input frames (L makes a round at
 * least {@value #MIN_ROUND_OUTPUTS} outputs long when {@code up} is small).
 *
 * <p>Output {@code k} of round {@code m} has phase {@code (k * down) mod up} and weighs the
 * input from {@code startOf(k) + m * roundInputs}. So with the input gathered into rows
 * {@code G[j][m] = x[j + m * roundInputs]}, output {@code k} of every round is
 * {@code sum_i h[phase][i] * G[startOf(k) + i][m]}: for each tap, one multiply-add over rounds,
 * every array read and written at the same index {@code m}, which the JIT (C2 on JDK 17, that
 * gives up on loops storing to one float array at an offset from another) compiles to SIMD code.
 * Taps go four at a time, {@code acc + (((h0 g0 + h1 g1) + h2 g2) + h3 g3)}, starting from
 * -0.0; {@link #dot} computes one output the same way, so the path an output takes does not
 * change a bit of it, whatever the chunking.
 *
 * <p>The gathered rows cost {@code rows / roundOutputs} copies per output against
 * {@code taps} multiply-adds. Rows and accumulators (at most {@value #MAX_GATHERED} floats) are
 * allocated on first use. Not thread-safe: owned by one resampler.
 */
final class RoundBlocks {

    /** Outputs per round at least, so that gathering stays cheap when {@code up} is small. */
    static final int MIN_ROUND_OUTPUTS = 64;
    /** Rounds per block at most. */
    static final int MAX_ROUNDS = 128;
    /** Rounds per block at least, else the scalar path is as fast. */
    static final int MIN_ROUNDS = 8;
    /** Floats of gathered rows at most (512 KiB), so that they stay in the cache. */
    private static final int MAX_GATHERED = 1 << 17;

    private final float[] coefficients;
    private final int taps;
    private final int roundInputs;
    private final int roundOutputs;
    private final int rows;
    private final int maxRounds;
    private final int[] phaseRow;
    private final int[] startOf;
    private float[][] gathered;
    private float[] acc;

    private RoundBlocks(PolyphaseFilter filter, int multiple) {
        ResampleRatio ratio = filter.ratio();
        this.coefficients = filter.coefficients();
        this.taps = filter.taps();
        this.roundInputs = ratio.down() * multiple;
        this.roundOutputs = ratio.up() * multiple;
        this.phaseRow = new int[roundOutputs];
        this.startOf = new int[roundOutputs];
        for (int k = 0; k < roundOutputs; k++) {
            long t = (long) k * ratio.down();
            phaseRow[k] = (int) (t % ratio.up()) * taps;
            startOf[k] = (int) (t / ratio.up());
        }
        this.rows = startOf[roundOutputs - 1] + taps;
        this.maxRounds = Math.min(MAX_ROUNDS, MAX_GATHERED / rows);
    }

    /** The blocks for a filter, or null when rounds are too long to gather (large {@code up} and {@code down}). */
    static RoundBlocks of(PolyphaseFilter filter) {
        ResampleRatio ratio = filter.ratio();
        if (ratio.isIdentity()) {
            return null;
        }
        int multiple = (MIN_ROUND_OUTPUTS + ratio.up() - 1) / ratio.up();
        long rows = (long) ratio.down() * multiple + filter.taps();
        if (rows * MIN_ROUNDS > MAX_GATHERED) {
            return null;
        }
        return new RoundBlocks(filter, multiple);
    }

    /** Input frames per round. */
    int roundInputs() {
        return roundInputs;
    }

    /** Output frames per round. */
    int roundOutputs() {
        return roundOutputs;
    }

    /** Input frames a block of the most rounds spans, from its first frame. */
    int maxBlockInputs() {
        return (maxRounds - 1) * roundInputs + rows;
    }

    /**
     * Rounds a block can take with {@code available} history frames from its first frame and
     * room for {@code outputRoom} outputs: 0 when fewer than {@link #MIN_ROUNDS}.
     */
    int rounds(int available, int outputRoom) {
        if (available < rows) {
            return 0;
        }
        int rounds = Math.min(maxRounds, Math.min((available - rows) / roundInputs + 1, outputRoom / roundOutputs));
        return rounds >= MIN_ROUNDS ? rounds : 0;
    }

    /**
     * Writes {@code rounds * roundOutputs} outputs of one channel: from the history starting at
     * {@code from}, to {@code out} from sample {@code outSample}, every {@code channels} samples.
     */
    void run(float[] history, int from, int rounds, float[] out, int outSample, int channels) {
        if (gathered == null) {
            gathered = new float[rows][maxRounds];
            acc = new float[maxRounds];
        }
        for (int j = 0; j < rows; j++) {
            float[] row = gathered[j];
            for (int m = 0, at = from + j; m < rounds; m++, at += roundInputs) {
                row[m] = history[at];
            }
        }
        float[] h = coefficients;
        for (int k = 0; k < roundOutputs; k++) {
            int p = phaseRow[k];
            int s = startOf[k];
            Arrays.fill(acc, 0, rounds, -0.0f);
            int i = 0;
            for (; i + 3 < taps; i += 4) {
                float h0 = h[p + i];
                float h1 = h[p + i + 1];
                float h2 = h[p + i + 2];
                float h3 = h[p + i + 3];
                float[] g0 = gathered[s + i];
                float[] g1 = gathered[s + i + 1];
                float[] g2 = gathered[s + i + 2];
                float[] g3 = gathered[s + i + 3];
                for (int m = 0; m < rounds; m++) {
                    acc[m] += h0 * g0[m] + h1 * g1[m] + h2 * g2[m] + h3 * g3[m];
                }
            }
            for (; i < taps; i++) {
                float h0 = h[p + i];
                float[] g0 = gathered[s + i];
                for (int m = 0; m < rounds; m++) {
                    acc[m] += h0 * g0[m];
                }
            }
            for (int m = 0, at = outSample + k * channels; m < rounds; m++, at += roundOutputs * channels) {
                out[at] = acc[m];
            }
        }
    }

    /** One output, with the arithmetic of {@link #run}: float32, taps four at a time from -0.0. */
    static float dot(float[] h, int hFrom, float[] x, int xFrom, int taps) {
        float acc = -0.0f;
        int i = 0;
        for (; i + 3 < taps; i += 4) {
            acc += h[hFrom + i] * x[xFrom + i] + h[hFrom + i + 1] * x[xFrom + i + 1]
                    + h[hFrom + i + 2] * x[xFrom + i + 2] + h[hFrom + i + 3] * x[xFrom + i + 3];
        }
        for (; i < taps; i++) {
            acc += h[hFrom + i] * x[xFrom + i];
        }
        return acc;
    }
}
