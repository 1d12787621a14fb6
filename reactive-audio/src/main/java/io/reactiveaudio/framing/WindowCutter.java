package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import java.util.List;
import java.util.function.LongToIntFunction;

/**
 * Cuts each source into windows of F frames that start every {@code hop} frames, chunk by chunk,
 * holding only the window being filled: its overlap with the previous window is copied on, and
 * frames between gapped windows are skipped. A chunk that is exactly the next window (windows that
 * touch, none being filled, a chunk of F frames in an array of that size) becomes the segment as
 * it is: its array is taken over, not copied. Not thread-safe: one per subscription.
 */
final class WindowCutter extends SegmentCutter {

    private final int frames;
    private final int hop;
    private final LongToIntFunction leadingZeros;
    private final boolean padTail;
    /** The window being filled; null until a frame or a zero is put in it. */
    private float[] window;
    private int channels;
    private int filled;
    private int carried;
    private int skip;
    private long ordinal;

    /**
     * Windows of {@code frames} frames starting every {@code hop} frames (both at least 1).
     *
     * @param leadingZeros zero frames (0..F) in front of the source with a given index: its first
     *     window starts with them and is emitted at once when they fill it
     * @param padTail whether frames that no complete window holds at the end of a source are
     *     emitted in one more window, zero-padded
     */
    WindowCutter(int frames, int hop, LongToIntFunction leadingZeros, boolean padTail) {
        this.frames = frames;
        this.hop = hop;
        this.leadingZeros = leadingZeros;
        this.padTail = padTail;
    }

    @Override
    void begin(AudioChunk first, List<Segment> out) {
        channels = first.channels();
        window = null;
        filled = leadingZeros.applyAsInt(first.source().index());
        carried = 0;
        skip = 0;
        ordinal = 0;
        if (filled == frames) {
            out.add(segment(first));
            advance();
        }
    }

    @Override
    void take(AudioChunk chunk, List<Segment> out) {
        if (isNextWindow(chunk)) {
            out.add(new Segment(chunk.source(), ordinal++, chunk.samples(), frames, channels, chunk.sampleRate()));
            return;
        }
        int at = 0;
        while (at < chunk.frames()) {
            if (skip > 0) {
                int n = Math.min(skip, chunk.frames() - at);
                skip -= n;
                at += n;
                continue;
            }
            int n = Math.min(frames - filled, chunk.frames() - at);
            System.arraycopy(chunk.samples(), at * channels, window(), filled * channels, n * channels);
            filled += n;
            at += n;
            if (filled == frames) {
                out.add(segment(chunk));
                advance();
            }
        }
    }

    /** Pads the incomplete window when it holds frames that no emitted window holds. */
    @Override
    void end(AudioChunk last, List<Segment> out) {
        if (padTail && filled > carried) {
            out.add(segment(last));
        }
    }

    private boolean isNextWindow(AudioChunk chunk) {
        return hop == frames && filled == 0 && chunk.frames() == frames && chunk.samples().length == frames * channels;
    }

    private float[] window() {
        if (window == null) {
            window = new float[frames * channels];
        }
        return window;
    }

    private Segment segment(AudioChunk chunk) {
        return new Segment(chunk.source(), ordinal++, window(), frames, channels, chunk.sampleRate());
    }

    /** The next window: the previous one's last {@code F - hop} frames, or a gap of {@code hop - F} frames first. */
    private void advance() {
        float[] previous = window;
        carried = Math.max(frames - hop, 0);
        window = null;
        if (carried > 0) {
            System.arraycopy(previous, (frames - carried) * channels, window(), 0, carried * channels);
        }
        filled = carried;
        skip = Math.max(hop - frames, 0);
    }
}
