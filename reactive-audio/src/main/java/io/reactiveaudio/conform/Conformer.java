package io.reactiveaudio.conform;

import io.reactiveaudio.dsp.resample.PolyphaseFilter;
import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import java.util.Objects;
import java.util.function.Function;

/**
 * Brings one stream of interleaved float32 audio from its own sample rate and channels to a
 * target rate and channel layout, in pieces of any size: the kernel of {@link Conform} and of live
 * ingest, plain arrays in and out.
 *
 * <p>Channels are mapped by a {@link ChannelPolicy}; the rate is changed by a streaming
 * {@link PolyphaseResampler} that keeps its state from one call to the next, so a stream fed in
 * pieces of any sizes comes out bit for bit as if fed in one call. Channels are reduced before
 * resampling and duplicated after it, so the resampler runs on the fewest channels (it resamples
 * each channel on its own, so the order changes no sample). The call that ends the stream
 * ({@code last}) also writes the frames the resampler held back, taking the input after the end
 * as silence: a stream of {@code n} frames gives exactly
 * {@link ResampleRatio#outputFrames(long) ceil(n * outputRate / inputRate)} frames. The conformer
 * then takes a new stream of the same format.
 *
 * <pre>{@code
 * Conformer conformer = Conformer.of(44_100, 2, 16_000, ChannelPolicy.mono());
 * float[] out = new float[conformer.maxOutputFrames(frames, last) * conformer.outputChannels()];
 * int written = conformer.process(samples, frames, last, out);    // frames of out now filled
 * }</pre>
 *
 * <p>Not thread-safe: one conformer per stream, used by one thread at a time.
 */
public final class Conformer {

    private final ChannelPolicy channels;
    private final int inputChannels;
    private final int outputChannels;
    private final ResampleRatio ratio;
    /** Whether the channels are mapped before resampling (never more channels than the input's). */
    private final boolean reduceFirst;
    /** The resampler, or null when the rates are equal. */
    private final PolyphaseResampler resampler;
    /** Reused between calls: mapped input before resampling, or resampled input before mapping. */
    private float[] scratch = new float[0];

    private Conformer(int inputRate, int inputChannels, int outputRate, ChannelPolicy channels,
                      Function<ResampleRatio, PolyphaseFilter> filters) {
        this.channels = Objects.requireNonNull(channels, "channels");
        if (inputChannels < 1) {
            throw new IllegalArgumentException("inputChannels must be at least 1: " + inputChannels);
        }
        this.ratio = new ResampleRatio(inputRate, outputRate);
        this.inputChannels = inputChannels;
        this.outputChannels = channels.outputChannels(inputChannels);
        this.reduceFirst = outputChannels <= inputChannels;
        this.resampler = ratio.isIdentity() ? null
                : new PolyphaseResampler(filters.apply(ratio), reduceFirst ? outputChannels : inputChannels);
    }

    /**
     * A conformer for a stream of {@code inputChannels} channels at {@code inputRate} Hz, to
     * {@code outputRate} Hz with channels mapped by {@code channels}; designs its resampling filter.
     *
     * @throws IllegalArgumentException if a rate or {@code inputChannels} is not positive, or the
     *     policy cannot map {@code inputChannels} channels
     */
    public static Conformer of(int inputRate, int inputChannels, int outputRate, ChannelPolicy channels) {
        return new Conformer(inputRate, inputChannels, outputRate, channels, PolyphaseFilter::design);
    }

    /** As {@link #of(int, int, int, ChannelPolicy)}, taking the filter for the rate pair from {@code filters}. */
    static Conformer of(int inputRate, int inputChannels, int outputRate, ChannelPolicy channels,
                        Function<ResampleRatio, PolyphaseFilter> filters) {
        Objects.requireNonNull(filters, "filters");
        return new Conformer(inputRate, inputChannels, outputRate, channels, filters);
    }

    /** Interleaved channels per output frame. */
    public int outputChannels() {
        return outputChannels;
    }

    /** True when the output equals the input: equal rates and a policy that keeps these channels. */
    public boolean passesThrough() {
        return resampler == null && channels.isIdentity(inputChannels);
    }

    /**
     * The length in output frames of a whole stream of {@code inputFrames} frames:
     * {@code ceil(inputFrames * outputRate / inputRate)}.
     */
    public long outputFrames(long inputFrames) {
        return ratio.outputFrames(inputFrames);
    }

    /**
     * The most frames {@link #process} writes for {@code inputFrames} input frames now: the
     * resampler's bound, plus, when {@code last}, the frames it holds back.
     */
    public int maxOutputFrames(int inputFrames, boolean last) {
        if (resampler == null) {
            return inputFrames;
        }
        return resampler.maxOutputFrames(inputFrames) + (last ? resampler.tailFrames() : 0);
    }

    /**
     * Conforms the next {@code frames} frames of the stream.
     *
     * @param in interleaved input of the stream's channels, from its start
     * @param frames how many frames of {@code in} to take; 0 is allowed
     * @param last whether they end the stream: the held-back frames are written too
     * @param out where to write from its start, with room for
     *     {@link #maxOutputFrames maxOutputFrames(frames, last)} frames of {@link #outputChannels()}
     * @return frames written
     * @throws IndexOutOfBoundsException if {@code frames} is negative or an array is too short;
     *     the conformer is then unchanged
     */
    public int process(float[] in, int frames, boolean last, float[] out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        if (frames < 0 || (long) frames * inputChannels > in.length) {
            throw new IndexOutOfBoundsException("in: " + frames + " frames of " + inputChannels
                    + " channels do not fit an array of " + in.length + " samples");
        }
        int room = maxOutputFrames(frames, last);
        if ((long) room * outputChannels > out.length) {
            throw new IndexOutOfBoundsException("out: " + room + " frames of " + outputChannels
                    + " channels do not fit an array of " + out.length + " samples");
        }
        if (resampler == null) {
            channels.map(in, frames, inputChannels, out);
            return frames;
        }
        if (reduceFirst) {
            float[] reduced = in;
            if (!channels.isIdentity(inputChannels)) {
                reduced = scratch(frames * outputChannels);
                channels.map(in, frames, inputChannels, reduced);
            }
            return resample(reduced, frames, last, out);
        }
        float[] resampled = scratch(room * inputChannels);
        int written = resample(in, frames, last, resampled);
        channels.map(resampled, written, inputChannels, out);
        return written;
    }

    private int resample(float[] in, int frames, boolean last, float[] out) {
        int written = resampler.process(in, 0, frames, out, 0);
        if (last) {
            written += resampler.flush(out, written);
        }
        return written;
    }

    private float[] scratch(int samples) {
        if (scratch.length < samples) {
            scratch = new float[samples];
        }
        return scratch;
    }
}
