package io.reactiveaudio.netty.ingest;

import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.conform.Conformer;
import io.reactiveaudio.live.LiveFormat;
import java.util.Arrays;

/**
 * Brings decoded audio of a stream's own rate and channels, known from its first samples, to a
 * declared live format with a {@link Conformer}: channels mixed down to mono (their mean) or mono
 * copied to every channel, resampled when the rates differ. Other channel changes, and a stream
 * that changes its format, are refused. Not thread-safe: one per stream.
 */
final class StreamConformer {

    private final LiveFormat target;
    private Conformer conformer;
    private int sourceRate;
    private int sourceChannels;

    StreamConformer(LiveFormat target) {
        this.target = target;
    }

    /** {@code samples} (interleaved, {@code channels} channels at {@code rate} Hz) in the target format. */
    float[] apply(float[] samples, int rate, int channels) {
        if (samples.length == 0) {
            return samples;
        }
        if (conformer == null) {
            conformer = Conformer.of(rate, channels, target.sampleRate(), policy(channels));
            sourceRate = rate;
            sourceChannels = channels;
        } else if (rate != sourceRate || channels != sourceChannels) {
            throw new IllegalStateException("the stream changed format from " + sourceRate + " Hz, " + sourceChannels
                    + " channels to " + rate + " Hz, " + channels + " channels");
        }
        return conformer.passesThrough() ? samples : conform(samples, samples.length / channels, false);
    }

    /**
     * Ends the stream: the target-format frames the resampler still holds back (the input after
     * the end taken as silence), so the whole stream has {@code ceil(frames * target / source)}
     * frames; empty without resampling.
     */
    float[] finish() {
        return conformer == null ? new float[0] : conform(new float[0], 0, true);
    }

    private float[] conform(float[] samples, int frames, boolean last) {
        float[] out = new float[conformer.maxOutputFrames(frames, last) * target.channels()];
        int written = conformer.process(samples, frames, last, out);
        return written * target.channels() == out.length ? out : Arrays.copyOf(out, written * target.channels());
    }

    /** The policy that turns {@code channels} into the target's channels. */
    private ChannelPolicy policy(int channels) {
        if (target.channels() == 1) {
            return ChannelPolicy.mono();
        }
        if (channels == target.channels()) {
            return ChannelPolicy.keep();
        }
        if (channels == 1) {
            return ChannelPolicy.select(new int[target.channels()]);
        }
        throw new IllegalStateException("cannot turn a stream of " + channels + " channels into "
                + target.channels() + " channels");
    }
}
