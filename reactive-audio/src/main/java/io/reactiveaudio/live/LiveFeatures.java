package io.reactiveaudio.live;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.stream.FeatureFrames;
import io.reactiveaudio.features.stream.StreamingExtractor;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streaming features of a live stream: chunks (mixed down to mono) become blocks of feature frames
 * that equal, to float rounding, the extractor's offline result on the same signal, whatever the
 * chunk sizes. A gap in the stream positions finishes the feature stream in progress (its end is
 * padded as offline) and starts a new one at the chunk after the gap.
 *
 * <p>Computed on {@link Schedulers#parallel()}, in order; blocks are in
 * {@link FeatureLayout#FRAMES_BINS} (each frame's bins together). Demand: a chunk is computed only
 * when its blocks are asked for, and at most one more waits for the parallel thread, so a stalled
 * consumer holds that one chunk out of the source's bounded buffer and leaves the rest to its
 * overflow strategy. The
 * extractor must be frame-local (no {@code top_db} over a whole clip). Immutable and thread-safe;
 * each subscription has its own stream state.
 */
public final class LiveFeatures implements Function<Flux<LiveChunk>, Flux<LiveFeatureBlock>> {

    private final FeatureExtractor extractor;

    private LiveFeatures(FeatureExtractor extractor) {
        this.extractor = extractor;
    }

    /**
     * Live features by {@code extractor}.
     *
     * @throws IllegalArgumentException if the extractor is not frame-local
     */
    public static LiveFeatures of(FeatureExtractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        if (!extractor.frameLocal()) {
            throw new IllegalArgumentException("live features need a frame-local extractor (no top_db over a whole "
                    + "clip): " + extractor);
        }
        return new LiveFeatures(extractor);
    }

    @Override
    public Flux<LiveFeatureBlock> apply(Flux<LiveChunk> chunks) {
        return Flux.defer(() -> {
            State state = new State();
            Flux<Iterable<LiveFeatureBlock>> computed = chunks.publishOn(Schedulers.parallel(), 1).map(state::push);
            return OnDemand.concatMapIterable(computed, blocks -> blocks)
                    .concatWith(Mono.fromSupplier(state::finish));
        });
    }

    /** The feature stream of one subscription: one extractor, restarted at each gap. */
    private final class State {

        private final StreamingExtractor stream = new StreamingExtractor(extractor);
        private boolean active;
        private long streamStart;
        private long expected = -1;
        private long lastArrival;

        Iterable<LiveFeatureBlock> push(LiveChunk chunk) {
            LiveFeatureBlock ended = null;
            if (chunk.position() != expected) {
                ended = finish();
                stream.restart();
                active = true;
                streamStart = chunk.position();
            }
            expected = chunk.end();
            lastArrival = chunk.arrivalNanos();
            float[] mono = chunk.mono();
            long first = stream.frames();
            float[] out = new float[stream.framesAfter(mono.length) * stream.bins()];
            int count = stream.push(mono, 0, chunk.frames(), out, 0);
            LiveFeatureBlock block = count == 0 ? null : block(out, count, first);
            if (ended == null) {
                return block == null ? List.of() : List.of(block);
            }
            return block == null ? List.of(ended) : List.of(ended, block);
        }

        /** The end of the current feature stream, or null if there is none or it gives no frame. */
        LiveFeatureBlock finish() {
            if (!active) {
                return null;
            }
            active = false;
            long first = stream.frames();
            float[] out = new float[stream.framesAtFinish() * stream.bins()];
            int count = stream.finish(out, 0);
            return count == 0 ? null : block(out, count, first);
        }

        private LiveFeatureBlock block(float[] values, int count, long first) {
            FeatureFrames frames = new FeatureFrames(values, stream.bins(), count, first, FeatureLayout.FRAMES_BINS);
            return new LiveFeatureBlock(frames, streamStart, lastArrival);
        }
    }
}
