package io.reactiveaudio.dsp.resample;

import java.util.Arrays;
import java.util.Objects;

/**
 * Resamples one stream of interleaved float32 audio with a {@link PolyphaseFilter}, in pieces of
 * any size: it keeps the input history between calls, so a stream fed in chunks of any sizes
 * comes out bit for bit as if fed in one call.
 *
 * <p>Arrays are interleaved (frame {@code i}, channel {@code c} at {@code i * channels + c}) and
 * addressed in frames: offset 3 is sample index {@code 3 * channels}. Channels are resampled
 * independently with the same filter.
 *
 * <p><b>Length and timing.</b> Output frame {@code k} is the input at input time
 * {@code k * down / up} (in input frames; see {@link ResampleRatio}), with the filter's delay
 * compensated, so nothing is shifted. The filter looks about {@code taps / 2} input frames ahead,
 * so {@link #process} holds back the outputs that need input not yet seen; {@link #flush} ends
 * the stream by taking the input after the end as silence and writes them. A stream of {@code n}
 * input frames gives exactly {@link ResampleRatio#outputFrames(long) ceil(n * up / down)} output
 * frames in total. The input before the start is taken as silence too.
 *
 * <p><b>Cost.</b> Each output sample is one dot product of {@link PolyphaseFilter#taps()} float32
 * coefficients and samples, accumulated in float32 four taps at a time in a fixed order, so
 * results are reproducible and do not depend on the chunking. When a call has input for at least
 * {@value RoundBlocks#MIN_ROUNDS} rounds of {@code up} outputs (64 at least), it computes up to
 * {@value RoundBlocks#MAX_ROUNDS} rounds at once, each tap across the rounds in SIMD code (see
 * {@code RoundBlocks}), with the very same arithmetic. The history holds
 * {@code channels * (taps + max(4096, taps, block))} floats, where a block spans up to 128 rounds
 * of input (56 448 frames for 44.1 to 16 kHz); the first block allocates its gathered rows, at
 * most 512 KiB, which later calls reuse. Otherwise neither {@code process} nor {@code flush}
 * allocates. Ratios whose rounds are too long to gather (such as 44 101 to 48 000 Hz) take the
 * scalar path only.
 *
 * <p>Not thread-safe: use one resampler per stream, on one thread at a time. {@link #flush} also
 * resets it, so it can then take the next stream. Equal rates are an exact pass-through (a one-tap
 * unit filter); a pipeline can skip the resampler then.
 */
public final class PolyphaseResampler {

    /** Input frames copied into the history between compactions, at least. */
    private static final int MIN_BLOCK_FRAMES = 4096;

    private final PolyphaseFilter filter;
    private final ResampleRatio ratio;
    private final int channels;
    private final float[] coefficients;
    private final int taps;
    private final int phases;
    /** Whole input frames from one output time to the next: {@code down / up}. */
    private final int wholeStep;
    /** The fractional rest of that step, in phases: {@code down % up}. */
    private final int phaseStep;
    /** Frames of history per channel. */
    private final int capacity;
    /** Planar input history: channel {@code c} at {@code [c * capacity, (c + 1) * capacity)}. */
    private final float[] history;
    /** The vectorised path, or null for ratios it does not serve. */
    private final RoundBlocks blocks;

    /** Frames of history held, per channel. */
    private int filled;
    /** History index of the oldest frame the next output weighs. */
    private int start;
    /** Filter phase of the next output. */
    private int phase;
    /** Input frames taken since the stream began. */
    private long inputFrames;
    /** Output frames written since the stream began. */
    private long outputFrames;

    /**
     * A resampler from {@code inputRate} to {@code outputRate} (in Hz), designing its filter;
     * prefer {@link #PolyphaseResampler(PolyphaseFilter, int)} with a shared filter when
     * resampling many streams.
     */
    public PolyphaseResampler(int inputRate, int outputRate, int channels) {
        this(PolyphaseFilter.design(new ResampleRatio(inputRate, outputRate)), channels);
    }

    /**
     * A resampler that uses {@code filter}, which may be shared with other resamplers.
     *
     * @param channels interleaved channels per frame, positive
     */
    public PolyphaseResampler(PolyphaseFilter filter, int channels) {
        this.filter = Objects.requireNonNull(filter, "filter");
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        this.ratio = filter.ratio();
        this.channels = channels;
        this.coefficients = filter.coefficients();
        this.taps = filter.taps();
        this.phases = filter.phases();
        this.wholeStep = ratio.down() / phases;
        this.phaseStep = ratio.down() % phases;
        this.blocks = RoundBlocks.of(filter);
        this.capacity = taps + Math.max(Math.max(MIN_BLOCK_FRAMES, taps), blocks == null ? 0 : blocks.maxBlockInputs());
        this.history = new float[Math.multiplyExact(channels, capacity)];
        reset();
    }

    /**
     * Resamples a whole signal: {@link #process} and {@link #flush} on a new resampler.
     *
     * @param interleaved the input, a whole number of frames of {@code channels} samples
     * @param inputRate the input's sample rate in Hz
     * @param outputRate the sample rate to resample to, in Hz
     * @return a new array of exactly {@code ceil(frames * up / down)} frames; a copy of the input
     *     when the rates are equal
     * @throws IllegalArgumentException if a rate or {@code channels} is not positive, the input
     *     is not whole frames, or the output would not fit one array
     */
    public static float[] resample(float[] interleaved, int channels, int inputRate, int outputRate) {
        Objects.requireNonNull(interleaved, "interleaved");
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        if (interleaved.length % channels != 0) {
            throw new IllegalArgumentException(
                    interleaved.length + " samples are not a whole number of " + channels + "-channel frames");
        }
        ResampleRatio ratio = new ResampleRatio(inputRate, outputRate);
        int frames = interleaved.length / channels;
        long outputSamples = ratio.outputFrames(frames) * channels;
        if (outputSamples > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "the output would have " + outputSamples + " samples, more than one array holds");
        }
        PolyphaseResampler resampler = new PolyphaseResampler(PolyphaseFilter.design(ratio), channels);
        float[] out = new float[(int) outputSamples];
        int written = resampler.process(interleaved, 0, frames, out, 0);
        resampler.flush(out, written);
        return out;
    }

    /** The filter. */
    public PolyphaseFilter filter() {
        return filter;
    }

    /** Interleaved channels per frame. */
    public int channels() {
        return channels;
    }

    /**
     * The most frames {@link #process} writes for {@code inputFrames} input frames, whatever came
     * before: {@code ceil(inputFrames * up / down)}.
     *
     * @throws IllegalArgumentException if {@code inputFrames} is negative or the bound exceeds
     *     {@code Integer.MAX_VALUE}
     */
    public int maxOutputFrames(int inputFrames) {
        long frames = ratio.outputFrames(inputFrames);
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    inputFrames + " input frames may give more than Integer.MAX_VALUE output frames");
        }
        return (int) frames;
    }

    /**
     * The frames {@link #flush} would write now: the stream's total,
     * {@code ceil(inputFramesSoFar * up / down)}, less the frames written so far.
     */
    public int tailFrames() {
        return (int) (ratio.outputFrames(inputFrames) - outputFrames);
    }

    /**
     * Takes {@code inFrames} frames of input and writes every output frame that input completes.
     *
     * @param in interleaved input
     * @param inFrameOffset the first input frame to take
     * @param inFrames how many frames to take; 0 is allowed
     * @param out where to write, with room for {@link #maxOutputFrames maxOutputFrames(inFrames)}
     *     frames from {@code outFrameOffset}
     * @param outFrameOffset the output frame to write first
     * @return frames written, from {@code outFrameOffset} on
     * @throws IndexOutOfBoundsException if a range is negative or does not fit its array; the
     *     resampler is then unchanged
     */
    public int process(float[] in, int inFrameOffset, int inFrames, float[] out, int outFrameOffset) {
        checkRange("in", in, inFrameOffset, inFrames);
        checkRange("out", out, outFrameOffset, maxOutputFrames(inFrames));
        int written = 0;
        int taken = 0;
        while (taken < inFrames) {
            int n = Math.min(inFrames - taken, capacity - filled);
            append(in, inFrameOffset + taken, n);
            taken += n;
            written += drain(out, outFrameOffset + written, Integer.MAX_VALUE);
            compact();
        }
        inputFrames += inFrames;
        return written;
    }

    /**
     * Ends the stream: writes the {@link #tailFrames()} output frames still held back, taking
     * the input after the end as silence, then {@linkplain #reset() resets} the resampler.
     *
     * @param out where to write, with room for {@link #tailFrames()} frames from
     *     {@code outFrameOffset}
     * @param outFrameOffset the output frame to write first
     * @return frames written, equal to {@link #tailFrames()} before the call
     * @throws IndexOutOfBoundsException if the output range is negative or does not fit; the
     *     resampler is then unchanged
     */
    public int flush(float[] out, int outFrameOffset) {
        int tail = tailFrames();
        checkRange("out", out, outFrameOffset, tail);
        int written = 0;
        while (written < tail) {
            int n = Math.min(taps, capacity - filled);
            for (int c = 0; c < channels; c++) {
                Arrays.fill(history, c * capacity + filled, c * capacity + filled + n, 0f);
            }
            filled += n;
            written += drain(out, outFrameOffset + written, tail - written);
            compact();
        }
        reset();
        return written;
    }

    /** Forgets the stream so far, without output: the next input starts a new stream. */
    public void reset() {
        int pastTaps = filter.pastTaps();
        for (int c = 0; c < channels; c++) {
            Arrays.fill(history, c * capacity, c * capacity + pastTaps, 0f);
        }
        filled = pastTaps;
        start = 0;
        phase = 0;
        inputFrames = 0;
        outputFrames = 0;
    }

    /** Copies {@code frames} interleaved frames to the end of the planar history. */
    private void append(float[] in, int frameOffset, int frames) {
        for (int c = 0; c < channels; c++) {
            int from = frameOffset * channels + c;
            int to = c * capacity + filled;
            for (int i = 0; i < frames; i++) {
                history[to + i] = in[from];
                from += channels;
            }
        }
        filled += frames;
    }

    /** Writes up to {@code limit} output frames, as many as the history holds input for. */
    private int drain(float[] out, int outFrameOffset, int limit) {
        int written = 0;
        int at = outFrameOffset * channels;
        while (written < limit && start + taps <= filled) {
            if (blocks != null && phase == 0) {
                int rounds = blocks.rounds(filled - start, limit - written);
                if (rounds > 0) {
                    for (int c = 0; c < channels; c++) {
                        blocks.run(history, c * capacity + start, rounds, out, at + c, channels);
                    }
                    int frames = rounds * blocks.roundOutputs();
                    at += frames * channels;
                    written += frames;
                    start += rounds * blocks.roundInputs();
                    continue;
                }
            }
            int row = phase * taps;
            for (int c = 0; c < channels; c++) {
                out[at + c] = RoundBlocks.dot(coefficients, row, history, c * capacity + start, taps);
            }
            at += channels;
            written++;
            start += wholeStep;
            phase += phaseStep;
            if (phase >= phases) {
                phase -= phases;
                start++;
            }
        }
        outputFrames += written;
        return written;
    }

    /**
     * Moves the history still needed to the front. The next output's first frame is never past
     * the end of the history, as a filter has at least {@code ceil(down / up)} taps.
     */
    private void compact() {
        int keep = filled - start;
        for (int c = 0; c < channels; c++) {
            System.arraycopy(history, c * capacity + start, history, c * capacity, keep);
        }
        filled = keep;
        start = 0;
    }

    private void checkRange(String name, float[] array, int frameOffset, int frames) {
        Objects.requireNonNull(array, name);
        if (frameOffset < 0 || frames < 0 || ((long) frameOffset + frames) * channels > array.length) {
            throw new IndexOutOfBoundsException(String.format(
                    "%s: %d frames from frame %d (%d channels) do not fit an array of %d samples",
                    name, frames, frameOffset, channels, array.length));
        }
    }
}
