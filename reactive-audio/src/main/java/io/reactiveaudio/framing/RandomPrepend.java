package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.random.KeyedRandom;
import java.util.SplittableRandom;
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
public final class RandomPrepend implements Framing {

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
    public RandomPrepend keyed(long runSeed, long epochNumber) {
        return seed(runSeed).epoch(epochNumber);
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
        return (prependFrames(sourceIndex) + frames + segmentFrames - 1) / segmentFrames;
    }

    /** The first window holds {@code F - p} of the source's frames after {@code p} zeros; the rest hold F. */
    @Override
    public int alignedFirstChunkFrames(long sourceIndex) {
        int zeros = prependFrames(sourceIndex);
        return zeros == 0 || zeros == segmentFrames ? segmentFrames : segmentFrames - zeros;
    }

    @Override
    public String toString() {
        return "RandomPrepend(" + segmentFrames + ")";
    }

    @Override
    public Flux<Segment> apply(Flux<AudioChunk> chunks) {
        return SegmentCutter.frame(chunks, () -> new WindowCutter(segmentFrames, segmentFrames, this::prependFrames, true));
    }
}
