package io.reactiveaudio.features.specaugment;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.AugmentContext;
import java.util.List;
import java.util.Objects;

/**
 * A chain of SpecAugment masks applied to every item's features, each with its own generator
 * (the chain's context's {@link AugmentContext#child child} at its position). Item draws come
 * from {@link AugmentContext#forFeatures(long, long, long, long) forFeatures(seed, epoch, source
 * index, segment ordinal)}, so the masks are the same whatever the threads and after a resume.
 * Every channel of an item gets the same masks. Used by the features operator
 * ({@code BatchFeatures.augment}) and {@code AudioPipeline.specAugment}.
 *
 * <pre>{@code
 * SpecAugment.of(FrequencyMasking.of(27, 2), TimeMasking.of(100, 2).maxProportion(0.2))
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SpecAugment {

    private final List<SpecAugmentation> masks;
    private final long seed;

    private SpecAugment(List<SpecAugmentation> masks, long seed) {
        this.masks = masks;
        this.seed = seed;
    }

    /**
     * The masks, applied in this order, seed 0.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static SpecAugment of(SpecAugmentation... masks) {
        if (masks.length == 0) {
            throw new IllegalArgumentException("SpecAugment needs at least one mask");
        }
        for (SpecAugmentation mask : masks) {
            Objects.requireNonNull(mask, "mask");
        }
        return new SpecAugment(List.of(masks), 0);
    }

    /** The same masks keyed by {@code runSeed}. */
    public SpecAugment seed(long runSeed) {
        return new SpecAugment(masks, runSeed);
    }

    /** The seed the draws are keyed by. */
    public long seed() {
        return seed;
    }

    /** The masks, in order. */
    public List<SpecAugmentation> masks() {
        return masks;
    }

    /**
     * Masks one item's features in place.
     *
     * @return what the masks applied, in order
     */
    public List<Applied> apply(FeatureView features, long epoch, long sourceIndex, long ordinal) {
        AugmentContext context = AugmentContext.forFeatures(seed, epoch, sourceIndex, ordinal);
        for (int i = 0; i < masks.size(); i++) {
            masks.get(i).apply(features, context.child(i));
        }
        return context.applied();
    }

    @Override
    public String toString() {
        return "SpecAugment" + masks + " seed " + seed;
    }
}
