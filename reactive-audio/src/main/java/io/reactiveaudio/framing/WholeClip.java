package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Framing into one segment per source that holds the whole source at its natural length of n
 * frames, ordinal 0: clips of different lengths, for a batcher that pads each batch to its longest
 * item ({@link io.reactiveaudio.batch.Batcher#padToLongest}). A source longer than
 * {@code maxFrames} is cut to its first {@code maxFrames} frames
 * ({@link #truncate(boolean) truncate(true)}, the default), or, with {@code truncate(false)},
 * fails the stream with an {@link IllegalArgumentException} naming the source as soon as its
 * frame {@code maxFrames + 1} arrives. An empty source (one skipped as corrupt, say) gives none.
 *
 * <p><b>Memory.</b> A clip can leave only when its source ends, so a subscription holds the current
 * source's chunks up to {@code maxFrames} frames ({@code maxFrames x channels} floats, plus the
 * unused part of one chunk), and copies them into the clip's own array at the end: holding a
 * source up to {@code maxFrames} is inherent in whole clips. Frames past {@code maxFrames} are
 * read and dropped. The operator reads one source ahead of the clips demanded (chunks are
 * requested two at a time). Immutable and thread-safe; the state of each subscription is its own.
 */
public final class WholeClip implements Framing {

    private final int maxFrames;
    private final boolean truncate;

    private WholeClip(int maxFrames, boolean truncate) {
        this.maxFrames = maxFrames;
        this.truncate = truncate;
    }

    /** Whole sources of up to {@code maxFrames} sample frames (at least 1), longer ones truncated. */
    public static WholeClip of(int maxFrames) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1: " + maxFrames);
        }
        return new WholeClip(maxFrames, true);
    }

    /** Whether a source longer than {@code maxFrames} is cut to its first frames (true) or fails the stream (false). */
    public WholeClip truncate(boolean cut) {
        return new WholeClip(maxFrames, cut);
    }

    /** The longest clip, in sample frames. */
    @Override
    public int maxFrames() {
        return maxFrames;
    }

    public boolean truncate() {
        return truncate;
    }

    @Override
    public WholeClip keyed(long runSeed, long epochNumber) {
        return this;
    }

    @Override
    public boolean fixedLength() {
        return false;
    }

    @Override
    public long segments(long sourceIndex, long frames) {
        return frames > 0 ? 1 : 0;
    }

    @Override
    public String toString() {
        return "WholeClip(" + maxFrames + (truncate ? ", truncate" : "") + ")";
    }

    @Override
    public Flux<Segment> apply(Flux<AudioChunk> chunks) {
        return SegmentCutter.frame(chunks, Gathering::new);
    }

    /** Per-subscription state: the current source's chunks, up to {@code maxFrames} frames. */
    private final class Gathering extends SegmentCutter {

        private final List<AudioChunk> held = new ArrayList<>();
        private int frames;

        @Override
        void begin(AudioChunk first, List<Segment> out) {
            held.clear();
            frames = 0;
        }

        @Override
        void take(AudioChunk chunk, List<Segment> out) {
            int room = maxFrames - frames;
            if (chunk.frames() > room && !truncate) {
                throw new IllegalArgumentException("source " + chunk.source().index() + " (" + chunk.source().path()
                        + ") is longer than the " + maxFrames + " frames of a whole clip: raise WholeClip.of("
                        + maxFrames + ") or let it truncate");
            }
            if (chunk.frames() > 0 && room > 0) {
                held.add(chunk);
                frames += Math.min(chunk.frames(), room);
            }
        }

        @Override
        void end(AudioChunk last, List<Segment> out) {
            if (frames > 0) {
                int channels = last.channels();
                float[] samples = new float[frames * channels];
                int at = 0;
                for (AudioChunk chunk : held) {
                    int n = Math.min(chunk.frames(), frames - at);
                    System.arraycopy(chunk.samples(), 0, samples, at * channels, n * channels);
                    at += n;
                }
                out.add(new Segment(last.source(), 0, samples, frames, channels, last.sampleRate()));
            }
            held.clear();
        }
    }
}
