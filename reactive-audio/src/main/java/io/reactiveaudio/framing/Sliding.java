package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Framing into windows of F frames that start every {@code hop} frames of each source: frame 0,
 * hop, 2 hop... Windows overlap when {@code hop < F}, touch when {@code hop = F}, and leave
 * {@code hop - F} frames out between them when {@code hop > F}. Window i starts at frame
 * {@code i * hop} and is the segment with ordinal i. The frames that no complete window holds at
 * the end of a source follow the {@link TailPolicy} ({@link TailPolicy#PAD PAD} by default, so
 * no source is lost for being short): a source of n frames gives
 * {@code n < F ? 0 : (n - F) / hop + 1} complete windows, and PAD adds one padded window when
 * frames are left over (see {@link #windows}). An empty source gives none. Deterministic: no
 * random draws.
 *
 * <p>Streaming: works chunk by chunk, holding the one window being filled, {@code F x channels}
 * floats per subscription (frames in a gap are skipped, not held); never a whole file. Requests
 * chunks two at a time, reading ahead only as far as the window after those demanded. Immutable
 * and thread-safe; the state of each subscription is its own.
 */
public final class Sliding implements Framing {

    private final int segmentFrames;
    private final int hopFrames;
    private final TailPolicy tail;

    private Sliding(int segmentFrames, int hopFrames, TailPolicy tail) {
        this.segmentFrames = segmentFrames;
        this.hopFrames = hopFrames;
        this.tail = tail;
    }

    /**
     * Windows of {@code frames} sample frames starting every {@code hop} frames (both at least 1),
     * the tail {@link TailPolicy#PAD padded}.
     */
    public static Sliding of(int frames, int hop) {
        if (frames < 1 || hop < 1) {
            throw new IllegalArgumentException("window and hop must be at least 1 frame: " + frames + ", " + hop);
        }
        return new Sliding(frames, hop, TailPolicy.PAD);
    }

    /** What to do with the frames at the end of a source that no complete window holds. */
    public Sliding tail(TailPolicy policy) {
        return new Sliding(segmentFrames, hopFrames, Objects.requireNonNull(policy, "tail"));
    }

    /** Window length in sample frames. */
    public int segmentFrames() {
        return segmentFrames;
    }

    /** Frames from the start of one window to the start of the next. */
    public int hopFrames() {
        return hopFrames;
    }

    public TailPolicy tail() {
        return tail;
    }

    /** The number of windows a source of {@code sourceFrames} frames gives. */
    public long windows(long sourceFrames) {
        if (sourceFrames < 0) {
            throw new IllegalArgumentException("negative source length " + sourceFrames);
        }
        long complete = sourceFrames < segmentFrames ? 0 : (sourceFrames - segmentFrames) / hopFrames + 1;
        long coveredTo = complete == 0 ? 0 : (complete - 1) * hopFrames + segmentFrames;
        boolean padded = tail == TailPolicy.PAD && complete * hopFrames < sourceFrames && coveredTo < sourceFrames;
        return padded ? complete + 1 : complete;
    }

    @Override
    public Sliding keyed(long runSeed, long epochNumber) {
        return this;
    }

    @Override
    public int maxFrames() {
        return segmentFrames;
    }

    @Override
    public boolean fixedLength() {
        return true;
    }

    @Override
    public long segments(long sourceIndex, long frames) {
        return windows(frames);
    }

    /** Windows that touch ({@code hop = F}) start at the source's frame 0: chunks of F frames each. */
    @Override
    public int alignedFirstChunkFrames(long sourceIndex) {
        return hopFrames == segmentFrames ? segmentFrames : 0;
    }

    @Override
    public String toString() {
        return "Sliding(" + segmentFrames + ", hop " + hopFrames + ", " + tail + ")";
    }

    @Override
    public Flux<Segment> apply(Flux<AudioChunk> chunks) {
        return SegmentCutter.frame(chunks,
                () -> new WindowCutter(segmentFrames, hopFrames, sourceIndex -> 0, tail == TailPolicy.PAD));
    }
}
