package io.reactiveaudio.netty.ingest;

import io.reactiveaudio.dsp.resample.PolyphaseResampler;
import io.reactiveaudio.live.LiveFormat;
import java.util.Arrays;

/**
 * Brings decoded audio of a stream's own rate and channels to a declared live format: channels
 * mixed down to mono (their mean) or mono copied to every channel, then resampled by the
 * polyphase resampler when the rates differ. Other channel changes are refused. Not thread-safe:
 * one per stream.
 */
final class StreamConformer {

    private final LiveFormat target;
    private PolyphaseResampler resampler;
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
        if (sourceRate == 0) {
            start(rate, channels);
        } else if (rate != sourceRate || channels != sourceChannels) {
            throw new IllegalStateException("the stream changed format from " + sourceRate + " Hz, " + sourceChannels
                    + " channels to " + rate + " Hz, " + channels + " channels");
        }
        float[] mixed = mix(samples, channels);
        if (resampler == null) {
            return mixed;
        }
        int frames = mixed.length / target.channels();
        float[] out = new float[resampler.maxOutputFrames(frames) * target.channels()];
        int n = resampler.process(mixed, 0, frames, out, 0);
        return Arrays.copyOf(out, n * target.channels());
    }

    /**
     * Ends the stream: the target-format frames the resampler still holds back (the input after
     * the end taken as silence), so the whole stream has {@code ceil(frames * target / source)}
     * frames; empty without resampling.
     */
    float[] finish() {
        if (resampler == null) {
            return new float[0];
        }
        float[] tail = new float[resampler.tailFrames() * target.channels()];
        resampler.flush(tail, 0);
        return tail;
    }

    private void start(int rate, int channels) {
        if (channels != target.channels() && channels != 1 && target.channels() != 1) {
            throw new IllegalStateException("cannot turn a stream of " + channels + " channels into "
                    + target.channels() + " channels");
        }
        sourceRate = rate;
        sourceChannels = channels;
        if (rate != target.sampleRate()) {
            resampler = new PolyphaseResampler(rate, target.sampleRate(), target.channels());
        }
    }

    private float[] mix(float[] samples, int channels) {
        int to = target.channels();
        if (channels == to) {
            return samples;
        }
        int frames = samples.length / channels;
        float[] out = new float[frames * to];
        if (to == 1) {
            float scale = 1f / channels;
            for (int f = 0; f < frames; f++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += samples[f * channels + c];
                }
                out[f] = sum * scale;
            }
        } else {
            for (int f = 0; f < frames; f++) {
                Arrays.fill(out, f * to, f * to + to, samples[f]);
            }
        }
        return out;
    }
}
