package io.reactiveaudio.augment;

/**
 * An augmentation applied to a share {@code p} of the items, made by {@link Augmentation#p}.
 * Immutable and thread-safe.
 */
final class Sometimes implements Augmentation {

    private final Augmentation inner;
    private final double probability;

    Sometimes(Augmentation inner, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + probability);
        }
        this.inner = inner instanceof Sometimes nested ? nested.inner : inner;
        this.probability = probability;
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        boolean fires = context.random().nextDouble() < probability;
        return fires ? inner.apply(audio, context.child(0)) : audio;
    }

    @Override
    public boolean blocking() {
        return inner.blocking();
    }

    @Override
    public String toString() {
        return inner + ".p(" + probability + ")";
    }
}
