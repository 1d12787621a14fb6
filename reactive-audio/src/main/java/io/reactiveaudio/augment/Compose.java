package io.reactiveaudio.augment;

import java.util.List;

/**
 * Augmentations applied one after the other, each with its own keyed generator, so whether one
 * fires (or what it draws) never changes the draws of the others. Immutable and thread-safe.
 */
public final class Compose implements Augmentation {

    private final List<Augmentation> steps;

    private Compose(List<Augmentation> steps) {
        this.steps = steps;
    }

    /**
     * The chain of the given augmentations, in order.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static Compose of(Augmentation... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("Compose needs at least one augmentation");
        }
        return new Compose(List.of(steps));
    }

    /** The augmentations, in order. */
    public List<Augmentation> steps() {
        return steps;
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        Audio result = audio;
        for (int i = 0; i < steps.size(); i++) {
            result = steps.get(i).apply(result, context.child(i));
        }
        return result;
    }

    @Override
    public boolean blocking() {
        return steps.stream().anyMatch(Augmentation::blocking);
    }

    @Override
    public String toString() {
        return "Compose" + steps;
    }
}
