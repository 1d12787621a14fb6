package io.reactiveaudio.live;

import java.util.Objects;

/**
 * A chunk of live audio: {@code frames} frames of interleaved float32 samples that start at frame
 * {@code position} of the stream (0 for the first frame ever received) and arrived at
 * {@code arrivalNanos} on the source's clock ({@link System#nanoTime()} unless a test gives another).
 *
 * <p>The samples array is owned by the chunk once pushed: a producer must not reuse it. Immutable
 * by convention (the array is not copied).
 *
 * @param samples      interleaved samples, at least {@code frames * format.channels()}
 * @param frames       frames in the chunk, at least 1
 * @param position     stream position of the first frame, in frames
 * @param arrivalNanos arrival time in nanoseconds of the source's clock
 * @param format       sample rate and channels
 */
public record LiveChunk(float[] samples, int frames, long position, long arrivalNanos, LiveFormat format) {

    /** Checks the values. */
    public LiveChunk {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(format, "format");
        if (frames < 1) {
            throw new IllegalArgumentException("a chunk holds at least one frame: " + frames);
        }
        if ((long) frames * format.channels() > samples.length) {
            throw new IllegalArgumentException(frames + " frames of " + format.channels()
                    + " channels do not fit in " + samples.length + " samples");
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must be non-negative: " + position);
        }
    }

    /** The position just after this chunk, in frames. */
    public long end() {
        return position + frames;
    }

    /** The chunk mixed down to mono (the mean of its channels); the samples themselves when mono. */
    public float[] mono() {
        int channels = format.channels();
        if (channels == 1 && samples.length == frames) {
            return samples;
        }
        float[] mono = new float[frames];
        float scale = 1f / channels;
        for (int f = 0, i = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += samples[i++];
            }
            mono[f] = sum * scale;
        }
        return mono;
    }
}
