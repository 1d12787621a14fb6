package io.reactiveaudio.audio;

import java.util.Objects;

/**
 * A run of decoded samples from one source, as the decode operator emits them: every source
 * becomes one or more chunks in order, the last one marked {@link #last()}.
 *
 * <p>The sample array belongs to the chunk: the operator never reuses it, so a consumer may keep
 * it. A source that decodes to nothing (or is skipped after partial output) still ends with a
 * chunk marked last, possibly with zero frames, so downstream stages always see where each
 * source ends.
 *
 * @param source the item the samples come from
 * @param info the stream's properties (rate in Hz, channels)
 * @param position index of the chunk's first frame within the source's decoded output
 * @param samples interleaved float32 samples at full scale 1.0, at least {@code frames * channels}
 *     long (frame {@code i}, channel {@code c} at {@code i * channels + c})
 * @param frames number of valid sample frames in {@code samples}
 * @param last true for the source's final chunk
 */
public record AudioChunk(AudioSource source, AudioInfo info, long position, float[] samples, int frames,
                         boolean last) {

    /** Validates the fields. */
    public AudioChunk {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(samples, "samples");
        if (frames < 0 || (long) frames * info.channels() > samples.length) {
            throw new IllegalArgumentException(frames + " frames do not fit " + samples.length + " samples");
        }
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
    }

    /** Channel count (from {@link #info()}). */
    public int channels() {
        return info.channels();
    }

    /** Sample rate in Hz (from {@link #info()}). */
    public int sampleRate() {
        return info.sampleRate();
    }
}
