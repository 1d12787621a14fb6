package io.reactiveaudio.augment;

import java.util.List;

/**
 * One augmentation chosen uniformly per item among several. Immutable and thread-safe.
 */
public final class OneOf implements Augmentation {

    private final List<Augmentation> choices;

    private OneOf(List<Augmentation> choices) {
        this.choices = choices;
    }

    /**
     * A uniform choice among the given augmentations.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static OneOf of(Augmentation... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException("OneOf needs at least one augmentation");
        }
        return new OneOf(List.of(choices));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        int chosen = context.random().nextInt(choices.size());
        return choices.get(chosen).apply(audio, context.child(chosen));
    }

    @Override
    public boolean blocking() {
        return choices.stream().anyMatch(Augmentation::blocking);
    }

    @Override
    public String toString() {
        return "OneOf" + choices;
    }
}
