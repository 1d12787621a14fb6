package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;
import java.util.Objects;

/**
 * A whole decoded file (or clip) in memory.
 *
 * @param info the stream's properties; {@code info.frames()} equals {@link #frames()}
 * @param samples interleaved float32 samples at full scale 1.0, {@code frames * channels} long
 *     (frame {@code i}, channel {@code c} at {@code i * channels + c})
 */
public record DecodedAudio(AudioInfo info, float[] samples) {

    /** Validates that the samples fill whole frames. */
    public DecodedAudio {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(samples, "samples");
        if (samples.length % info.channels() != 0) {
            throw new IllegalArgumentException(samples.length + " samples do not fill " + info.channels() + " channels");
        }
    }

    /** Number of sample frames. */
    public long frames() {
        return samples.length / info.channels();
    }

    /** Duration in seconds. */
    public double durationSeconds() {
        return (double) frames() / info.sampleRate();
    }

    /** One channel as its own array. */
    public float[] channel(int channel) {
        int channels = info.channels();
        Objects.checkIndex(channel, channels);
        float[] out = new float[samples.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples[i * channels + channel];
        }
        return out;
    }
}
