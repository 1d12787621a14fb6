package io.reactiveaudio.live;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import java.nio.file.Path;

/**
 * A fixed-length window of a live stream: {@code frames} frames of interleaved float32 samples
 * starting at stream position {@code position}, completed by a chunk that arrived at
 * {@code arrivalNanos}, after a hole of {@code gapFrames} frames in the stream since the previous
 * window (0 when the stream ran on without one). The array is the window's own.
 *
 * @param samples      interleaved samples, {@code frames * format.channels()} of them
 * @param frames       frames in the window
 * @param position     stream position of the first frame, in frames
 * @param arrivalNanos arrival time of the chunk that completed the window, on the live source's
 *                     clock ({@link System#nanoTime()} unless a test gives another)
 * @param format       sample rate and channels
 * @param gapFrames    frames missing from the stream between the previous window of this cut and
 *                     this one (dropped by the overflow strategy or the latency bound, or never
 *                     sent); the windows that would have spanned them were not made
 * @param stream       the number of the stream the window belongs to (0 until set with
 *                     {@link #inStream}); a batch's items carry it as their source index
 */
public record LiveWindow(float[] samples, int frames, long position, long arrivalNanos, LiveFormat format,
                         long gapFrames, long stream) {

    /** Checks the values. */
    public LiveWindow {
        if (gapFrames < 0 || stream < 0) {
            throw new IllegalArgumentException("gapFrames and stream must be non-negative: " + gapFrames + ", "
                    + stream);
        }
    }

    /** Start of the window in seconds of stream time. */
    public double startSeconds() {
        return format.seconds(position);
    }

    /** Whether a hole in the stream comes right before this window ({@code gapFrames > 0}). */
    public boolean afterGap() {
        return gapFrames > 0;
    }

    /** This window as a window of stream number {@code number} (at least 0). */
    public LiveWindow inStream(long number) {
        return new LiveWindow(samples, frames, position, arrivalNanos, format, gapFrames, number);
    }

    /**
     * The window as a {@link Segment} of {@code source}, for a {@code Batcher}: the same samples
     * (not copied), its stream position in frames as the ordinal.
     */
    public Segment toSegment(AudioSource source) {
        return new Segment(source, position, samples, frames, format.channels(), format.sampleRate());
    }

    /** The window as a {@link Segment} of its {@link #stream()}, under the path {@code live/<stream>}. */
    Segment toSegment() {
        return toSegment(AudioSource.of(stream, Path.of("live", Long.toString(stream))));
    }
}
