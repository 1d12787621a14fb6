package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * The state of one subscription to a framing operator: it sees each source's chunks in order, from
 * the first to the one marked {@link AudioChunk#last() last}, and returns the segments each chunk
 * completes. Not thread-safe: Reactor feeds one subscription serially.
 */
abstract class SegmentCutter {

    private boolean inSource;

    /**
     * Chunks to segments, one framer per subscription. Chunks are requested two at a time and
     * read ahead only until the chunk that completes the segments after those demanded (Reactor's
     * {@code concatMapIterable} with a prefetch of 2). The chunks are not fused with their
     * upstream: behind a {@code publishOn} and a {@code handle}, a fused {@code concatMapIterable}
     * lost a whole source's chunks (Reactor 3.8.7; see RandomPrependTest).
     */
    static Flux<Segment> frame(Flux<AudioChunk> chunks, Supplier<? extends SegmentCutter> perSubscription) {
        return Flux.defer(() -> chunks.hide().concatMapIterable(perSubscription.get()::accept, 2));
    }

    private List<Segment> accept(AudioChunk chunk) {
        List<Segment> out = new ArrayList<>(2);
        if (!inSource) {
            begin(chunk, out);
            inSource = true;
        }
        take(chunk, out);
        if (chunk.last()) {
            end(chunk, out);
            inSource = false;
        }
        return out;
    }

    /** A source starts with {@code first}, before {@link #take} sees it. */
    abstract void begin(AudioChunk first, List<Segment> out);

    /** The frames of one chunk of the current source. */
    abstract void take(AudioChunk chunk, List<Segment> out);

    /** The current source ended with {@code last}, after {@link #take} saw it. */
    abstract void end(AudioChunk last, List<Segment> out);
}
