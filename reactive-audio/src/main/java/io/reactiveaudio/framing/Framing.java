package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * A framing operator that the training pipeline can drive: it cuts each source's chunks into
 * segments, can be keyed for an epoch, and states how long its segments are and how many a source
 * gives, so that the pipeline can bound its memory, pad its batches and share epochs evenly.
 * Implementations are immutable and thread-safe.
 */
public interface Framing extends Function<Flux<AudioChunk>, Flux<Segment>> {

    /** The same framing with its random draws keyed by (seed, epoch); one without draws returns itself. */
    Framing keyed(long seed, long epoch);

    /** The longest segment it cuts, in sample frames. */
    int maxFrames();

    /** Whether every segment has {@link #maxFrames()} frames; if not, batches are padded to their longest item. */
    boolean fixedLength();

    /** How many segments the source with index {@code sourceIndex} and {@code frames} frames gives. */
    long segments(long sourceIndex, long frames);

    /**
     * Whether, and where, its windows line up with chunks: the frames (1..{@link #maxFrames()}) of
     * the first chunk of the source with index {@code sourceIndex} such that, when every later
     * chunk has {@link #maxFrames()} frames, each of those chunks is exactly one window. The
     * framing then passes such a chunk's sample array on as the segment's instead of copying it
     * (the decoder gives up its array with the chunk). 0, the default, when its windows overlap,
     * leave gaps, or have other lengths.
     */
    default int alignedFirstChunkFrames(long sourceIndex) {
        return 0;
    }
}
