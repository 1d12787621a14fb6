package io.reactiveaudio.augment;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.random.KeyedRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The randomness and the record of one item's trip through an augmentation chain.
 *
 * <p>Every draw comes from a generator keyed by (seed, epoch, source index, ordinal within the
 * source) and by the transform's place in the chain ({@link #child(int)}), never by thread timing:
 * the same item gets the same parameters whatever the concurrency, the order in which items are
 * augmented, or whether other transforms in the chain fire. The transforms that fire add what
 * they drew with {@link #record}; {@link #applied()} lists it in chain order.
 *
 * <p>One context per item and thread: not thread-safe.
 */
public final class AugmentContext {

    private final long key;
    private final List<Applied> applied;
    private SplittableRandom random;

    private AugmentContext(long key, List<Applied> applied) {
        this.key = key;
        this.applied = applied;
    }

    /**
     * The context of one item of one epoch.
     *
     * @param seed the run's seed
     * @param epoch the epoch, from 0
     * @param sourceIndex the index of the source the item comes from
     * @param ordinal the item's position within its source (a segment's ordinal; 0 for whole clips)
     */
    public static AugmentContext forItem(long seed, long epoch, long sourceIndex, long ordinal) {
        return forItem(seed, epoch, sourceIndex, ordinal, 0);
    }

    /**
     * The context of one item of one epoch in the augmentation stage at {@code stage} of a pipeline
     * (its 0-based position among the pipeline's {@code augment} calls); stage 0 is
     * {@link #forItem(long, long, long, long)}. Each stage has its own record.
     */
    public static AugmentContext forItem(long seed, long epoch, long sourceIndex, long ordinal, int stage) {
        long item = KeyedRandom.key(seed, epoch, sourceIndex, KeyedRandom.Stage.AUGMENT.ordinal());
        return new AugmentContext(KeyedRandom.key(item, stage, ordinal, 0), new ArrayList<>());
    }

    /**
     * The context of one item's features (SpecAugment masks): keyed like {@link #forItem} but by
     * its own pipeline stage, so the masks draw independently of the waveform augmentations.
     */
    public static AugmentContext forFeatures(long seed, long epoch, long sourceIndex, long ordinal) {
        long item = KeyedRandom.key(seed, epoch, sourceIndex, KeyedRandom.Stage.SPEC_AUGMENT.ordinal());
        return new AugmentContext(KeyedRandom.key(item, 0, ordinal, 0), new ArrayList<>());
    }

    /**
     * The context of the transform at {@code index} within a composition: its own generator,
     * independent of its siblings', and the same record.
     */
    public AugmentContext child(int index) {
        return new AugmentContext(KeyedRandom.key(key, 1, index, 0), applied);
    }

    /** This context's generator, created on first use. */
    public SplittableRandom random() {
        if (random == null) {
            random = new SplittableRandom(key);
        }
        return random;
    }

    /** A value drawn uniformly from {@code [min, max]} (exactly {@code min} when they are equal). */
    public double uniform(double min, double max) {
        return min == max ? min : min + (max - min) * random().nextDouble();
    }

    /** Adds what a transform applied to the item's record. */
    public void record(Applied what) {
        applied.add(what);
    }

    /** What the transforms that fired applied, in chain order. */
    public List<Applied> applied() {
        return Collections.unmodifiableList(applied);
    }
}
