package io.reactiveaudio.features.specaugment;

import io.reactiveaudio.augment.AugmentContext;

/**
 * A random change to one item's features, drawn per item: a SpecAugment mask. Like an
 * {@link io.reactiveaudio.augment.Augmentation} it is an immutable description, thread-safe and
 * shared by all items; {@link #apply} draws from {@link AugmentContext#random()}, records what it
 * did with {@link AugmentContext#record}, and changes the features in place.
 */
public interface SpecAugmentation {

    /**
     * Applies this change to one item's features.
     *
     * @param features the item's features, changed in place
     * @param context the item's randomness and record
     */
    void apply(FeatureView features, AugmentContext context);
}
