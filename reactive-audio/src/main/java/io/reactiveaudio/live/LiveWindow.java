package io.reactiveaudio.live;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;

/**
 * A fixed-length window of a live stream: {@code frames} frames of interleaved float32 samples
 * starting at stream position {@code position}, completed by a chunk that arrived at
 * {@code arrivalNanos}. The array is the window's own.
 *
 * @param samples      interleaved samples, {@code frames * format.channels()} of them
 * @param frames       frames in the window
 * @param position     stream position of the first frame, in frames
 * @param arrivalNanos arrival time of the chunk that completed the window
 * @param format       sample rate and channels
 */
public record LiveWindow(float[] samples, int frames, long position, long arrivalNanos, LiveFormat format) {

    /** Start of the window in seconds of stream time. */
    public double startSeconds() {
        return format.seconds(position);
    }

    /**
     * The window as a {@link Segment} of {@code source} (the live stream it came from), for
     * batching with {@link LiveBatcher}: the same samples (not copied), its stream position in
     * frames as the ordinal.
     */
    public Segment toSegment(AudioSource source) {
        return new Segment(source, position, samples, frames, format.channels(), format.sampleRate());
    }
}
