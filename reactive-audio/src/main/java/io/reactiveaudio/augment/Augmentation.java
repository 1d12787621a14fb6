package io.reactiveaudio.augment;

/**
 * A random change to audio, drawn per item: the building block of augmentation chains.
 *
 * <p>An augmentation is an immutable description (parameter ranges), thread-safe and shared by
 * all items. {@link #apply} draws the item's parameters from {@link AugmentContext#random()},
 * records them with {@link AugmentContext#record}, and returns the changed audio: the same array
 * changed in place, or a new one when the length changes. Parameter names and ranges follow
 * audiomentations where it has the transform.
 */
public interface Augmentation {

    /**
     * Applies this augmentation to one item.
     *
     * @param audio the item's audio, owned by the call (it may be changed in place)
     * @param context the item's randomness and record
     * @return the augmented audio
     */
    Audio apply(Audio audio, AugmentContext context);

    /**
     * This augmentation applied to a share {@code probability} of the items (audiomentations'
     * {@code p}); the decision is drawn per item like any parameter.
     *
     * @throws IllegalArgumentException unless {@code 0 <= probability <= 1}
     */
    default Augmentation p(double probability) {
        return new Sometimes(this, probability);
    }

    /**
     * Whether {@link #apply} may block on I/O (reading noise or impulse-response files it has not
     * cached): a pipeline then runs this augmentation on a bounded-elastic scheduler instead of
     * {@code parallel()}. False unless a transform says otherwise.
     */
    default boolean blocking() {
        return false;
    }
}
