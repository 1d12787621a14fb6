package io.reactiveaudio.framing;

import io.reactiveaudio.pipeline.AudioChunk;
import io.reactiveaudio.random.KeyedRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Framing with the reference loader's semantics: for each source, prepend a uniform random number
 * of zero frames in {@code 0..F} (inclusive), pad the end with zeros to a multiple of {@code F},
 * and cut non-overlapping segments of {@code F} frames. A source of {@code n} frames with {@code p}
 * zeros in front gives {@code ceil((p + n) / F)} segments; when {@code p = F} the first segment is
 * all zeros, as in the reference.
 *
 * <p>Streaming: works chunk by chunk on the decode operator's output, holding at most one
 * partial segment; never a whole file. The offset {@code p} is drawn from
 * {@link KeyedRandom#of}(seed, epoch, source index, FRAMING), so it does not depend on chunk
 * sizes, concurrency or timing. Requests chunks from upstream two at a time as segments are
 * demanded. Immutable and thread-safe; the state of each subscription is its own.
 */
public final class RandomPrepend implements Function<Flux<AudioChunk>, Flux<Segment>> {

    private final int segmentFrames;
    private final long seed;
    private final long epoch;

    private RandomPrepend(int segmentFrames, long seed, long epoch) {
        if (segmentFrames < 1) {
            throw new IllegalArgumentException("segment length must be at least 1 frame: " + segmentFrames);
        }
        this.segmentFrames = segmentFrames;
        this.seed = seed;
        this.epoch = epoch;
    }

    /** Segments of {@code frames} sample frames, seed 0, epoch 0. */
    public static RandomPrepend of(int frames) {
        return new RandomPrepend(frames, 0, 0);
    }

    /** The run's seed. */
    public RandomPrepend seed(long runSeed) {
        return new RandomPrepend(segmentFrames, runSeed, epoch);
    }

    /** The epoch the offsets are drawn for. */
    public RandomPrepend epoch(long epochNumber) {
        if (epochNumber < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epochNumber);
        }
        return new RandomPrepend(segmentFrames, seed, epochNumber);
    }

    /** Segment length in sample frames. */
    public int segmentFrames() {
        return segmentFrames;
    }

    /** The number of zero frames put in front of the source with this index (0..F inclusive). */
    public int prependFrames(long sourceIndex) {
        SplittableRandom random = KeyedRandom.of(seed, epoch, sourceIndex, KeyedRandom.Stage.FRAMING);
        return random.nextInt(segmentFrames + 1);
    }

    @Override
    public Flux<Segment> apply(Flux<AudioChunk> chunks) {
        return Flux.defer(() -> {
            Cutter cutter = new Cutter();
            // hide(): fused with a publishOn -> handle upstream, concatMapIterable lost a whole
            // source's chunks (Reactor 3.8.7; see RandomPrependTest), so it does not fuse
            return chunks.hide().concatMapIterable(cutter::cut, 2);
        });
    }

    /** Per-subscription state: the partial segment of the current source. */
    private final class Cutter {

        private AudioChunk current;
        private float[] pending;
        private int filled;
        private long ordinal;

        List<Segment> cut(AudioChunk chunk) {
            List<Segment> out = new ArrayList<>(2);
            if (current == null || current.source().index() != chunk.source().index()) {
                startSource(chunk, out);
            }
            int channels = chunk.channels();
            int copied = 0;
            while (copied < chunk.frames()) {
                int n = Math.min(segmentFrames - filled, chunk.frames() - copied);
                System.arraycopy(chunk.samples(), copied * channels, pending, filled * channels, n * channels);
                filled += n;
                copied += n;
                if (filled == segmentFrames) {
                    out.add(emit(chunk));
                }
            }
            if (chunk.last()) {
                if (filled > 0) {
                    out.add(emit(chunk));
                }
                current = null;
            }
            return out;
        }

        private void startSource(AudioChunk chunk, List<Segment> out) {
            current = chunk;
            ordinal = 0;
            pending = new float[segmentFrames * chunk.channels()];
            filled = prependFrames(chunk.source().index());
            if (filled == segmentFrames) {
                out.add(emit(chunk));
            }
        }

        private Segment emit(AudioChunk chunk) {
            Segment s = new Segment(chunk.source(), ordinal++, pending, segmentFrames, chunk.channels(),
                    chunk.sampleRate());
            pending = new float[segmentFrames * chunk.channels()];
            filled = 0;
            return s;
        }
    }
}
