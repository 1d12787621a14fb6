package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.random.KeyedRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/**
 * Framing into k random crops of F frames per source. For a source of n frames each crop starts
 * at a frame drawn uniformly from {@code 0..n-F}, independently of the other crops (with
 * replacement, so two crops may coincide). A source shorter than F is zero-padded at its end to F
 * frames, so each of its k crops is that whole padded source; an empty source (one skipped as
 * corrupt, say) gives none. A source's crops are emitted together when it ends, in increasing
 * start order (ties in crop order), with ordinals 0..k-1 in that order.
 *
 * <p><b>The draw.</b> The length n is not known until the source's last chunk
 * ({@code AudioInfo.frames} is missing for some MP3s and too large for truncated files), so each
 * crop is a reservoir of one window: window s (the one starting at frame s) replaces the crop's
 * window with probability {@code 1/(s+1)}, which leaves every start of {@code 0..n-F} equally
 * likely when the source ends. Instead of one draw per frame, a crop that takes window s draws the
 * next window that will replace it, {@code floor((s+1)/u)} for u uniform in (0, 1] (so that
 * window t comes after with probability {@code (s+1)/(t+1)}, exact to the 2^-53 resolution of u):
 * about {@code ln(n)} draws and window copies per crop. Crop j of the source with index i draws
 * from the j-th {@code split()} of {@link KeyedRandom#of}(seed, epoch, i, FRAMING), so the crops
 * depend on seed, epoch, source index and length only, never on chunk sizes, concurrency or
 * timing; {@link #cropStarts} computes them without the audio.
 *
 * <p><b>Memory.</b> Streaming, chunk by chunk: a subscription holds a ring of the source's last F
 * frames and the k crops, {@code (k + 1) x F x channels} floats, never a whole file. A source's
 * crops can leave only when it ends, so the operator reads one source ahead of the crops demanded
 * (chunks are requested two at a time). Immutable and thread-safe; the state of each subscription
 * is its own.
 */
public final class RandomCrop implements Framing {

    /** A next window beyond any source's length: the crop keeps its window. */
    private static final long NEVER = Long.MAX_VALUE / 2;

    private final int segmentFrames;
    private final int crops;
    private final long seed;
    private final long epoch;

    private RandomCrop(int segmentFrames, int crops, long seed, long epoch) {
        this.segmentFrames = segmentFrames;
        this.crops = crops;
        this.seed = seed;
        this.epoch = epoch;
    }

    /** One crop of {@code frames} sample frames (at least 1) per source, seed 0, epoch 0. */
    public static RandomCrop of(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("crop length must be at least 1 frame: " + frames);
        }
        return new RandomCrop(frames, 1, 0, 0);
    }

    /** Crops per source, at least 1. */
    public RandomCrop crops(int perSource) {
        if (perSource < 1) {
            throw new IllegalArgumentException("crops per source must be at least 1: " + perSource);
        }
        return new RandomCrop(segmentFrames, perSource, seed, epoch);
    }

    /** The run's seed. */
    public RandomCrop seed(long runSeed) {
        return new RandomCrop(segmentFrames, crops, runSeed, epoch);
    }

    /** The epoch the crops are drawn for. */
    public RandomCrop epoch(long epochNumber) {
        if (epochNumber < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epochNumber);
        }
        return new RandomCrop(segmentFrames, crops, seed, epochNumber);
    }

    /** Crop length in sample frames. */
    public int segmentFrames() {
        return segmentFrames;
    }

    /** Crops per source. */
    public int crops() {
        return crops;
    }

    /**
     * The first frame of each crop of the source with this index and length, in increasing order:
     * the starts of the segments this operator emits for it. k zeros for a source shorter than F,
     * none for an empty one.
     */
    public long[] cropStarts(long sourceIndex, long sourceFrames) {
        if (sourceFrames < 0) {
            throw new IllegalArgumentException("negative source length " + sourceFrames);
        }
        if (sourceFrames == 0) {
            return new long[0];
        }
        long lastStart = Math.max(sourceFrames - segmentFrames, 0);
        Crop[] draws = draws(sourceIndex);
        long[] starts = new long[crops];
        for (int j = 0; j < crops; j++) {
            while (draws[j].next <= lastStart) {
                draws[j].take();
            }
            starts[j] = draws[j].start;
        }
        Arrays.sort(starts);
        return starts;
    }

    @Override
    public RandomCrop keyed(long runSeed, long epochNumber) {
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
        return frames > 0 ? crops : 0;
    }

    @Override
    public String toString() {
        return "RandomCrop(" + segmentFrames + ", crops " + crops + ")";
    }

    @Override
    public Flux<Segment> apply(Flux<AudioChunk> chunks) {
        return SegmentCutter.frame(chunks, Reservoir::new);
    }

    private Crop[] draws(long sourceIndex) {
        SplittableRandom keyed = KeyedRandom.of(seed, epoch, sourceIndex, KeyedRandom.Stage.FRAMING);
        Crop[] draws = new Crop[crops];
        for (int j = 0; j < crops; j++) {
            draws[j] = new Crop(keyed.split());
        }
        return draws;
    }

    /** One crop's reservoir of one window: the window start it holds and the next window to replace it. */
    private static final class Crop {

        private final SplittableRandom random;
        private long start = -1;
        private long next;

        Crop(SplittableRandom random) {
            this.random = random;
        }

        /** Takes window {@code next} and draws the one after it that will replace it. */
        void take() {
            start = next;
            double u = 1.0 - random.nextDouble();
            next = (long) Math.min((start + 1) / u, NEVER);
        }
    }

    /** Per-subscription state: the ring of the last F frames, and each crop's draw and window. */
    private final class Reservoir extends SegmentCutter {

        private float[] ring;
        private int channels;
        private long seen;
        private Crop[] draws;
        private float[][] windows;
        /** The next window any crop takes. */
        private long due;

        @Override
        void begin(AudioChunk first, List<Segment> out) {
            channels = first.channels();
            if (ring == null || ring.length != segmentFrames * channels) {
                ring = new float[segmentFrames * channels];
            }
            seen = 0;
            draws = draws(first.source().index());
            windows = new float[crops][];
            due = 0;
        }

        /** Writes the chunk into the ring, stopping whenever the window {@code due} is complete. */
        @Override
        void take(AudioChunk chunk, List<Segment> out) {
            int at = 0;
            while (at < chunk.frames()) {
                int ringAt = (int) (seen % segmentFrames);
                int n = (int) Math.min(Math.min(chunk.frames() - at, segmentFrames - ringAt),
                        due + segmentFrames - seen);
                System.arraycopy(chunk.samples(), at * channels, ring, ringAt * channels, n * channels);
                seen += n;
                at += n;
                if (seen == due + segmentFrames) {
                    takeDueWindow();
                }
            }
        }

        /** Window {@code due}, the ring's contents from frame {@code seen % F} on, goes to each crop that draws it. */
        private void takeDueWindow() {
            long window = due;
            int oldest = (int) (seen % segmentFrames) * channels;
            due = NEVER;
            for (int j = 0; j < crops; j++) {
                Crop crop = draws[j];
                if (crop.next == window) {
                    if (windows[j] == null) {
                        windows[j] = new float[ring.length];
                    }
                    System.arraycopy(ring, oldest, windows[j], 0, ring.length - oldest);
                    System.arraycopy(ring, 0, windows[j], ring.length - oldest, oldest);
                    crop.take();
                }
                due = Math.min(due, crop.next);
            }
        }

        @Override
        void end(AudioChunk last, List<Segment> out) {
            if (seen >= segmentFrames) {
                int[] byStart = IntStream.range(0, crops).boxed()
                        .sorted(Comparator.comparingLong(j -> draws[j].start))
                        .mapToInt(Integer::intValue).toArray();
                for (int ordinal = 0; ordinal < crops; ordinal++) {
                    out.add(segment(last, ordinal, windows[byStart[ordinal]]));
                }
            } else if (seen > 0) {
                for (int ordinal = 0; ordinal < crops; ordinal++) {
                    float[] padded = new float[ring.length];
                    System.arraycopy(ring, 0, padded, 0, (int) seen * channels);
                    out.add(segment(last, ordinal, padded));
                }
            }
            draws = null;
            windows = null;
        }

        private Segment segment(AudioChunk last, int ordinal, float[] samples) {
            return new Segment(last.source(), ordinal, samples, segmentFrames, channels, last.sampleRate());
        }
    }
}
