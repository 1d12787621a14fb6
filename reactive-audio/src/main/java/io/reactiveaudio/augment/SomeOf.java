package io.reactiveaudio.augment;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Between {@code min} and {@code max} distinct augmentations chosen per item among several (the
 * count uniform in that range, every subset of that size equally likely), applied in the order
 * they were given. Immutable and thread-safe.
 */
public final class SomeOf implements Augmentation {

    private final int min;
    private final int max;
    private final List<Augmentation> choices;

    private SomeOf(int min, int max, List<Augmentation> choices) {
        this.min = min;
        this.max = max;
        this.choices = choices;
    }

    /**
     * A choice of {@code min..max} of the given augmentations per item.
     *
     * @throws IllegalArgumentException unless {@code 0 <= min <= max <= choices.length} and there is a choice
     */
    public static SomeOf of(int min, int max, Augmentation... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException("SomeOf needs at least one augmentation");
        }
        if (min < 0 || min > max || max > choices.length) {
            throw new IllegalArgumentException("SomeOf needs 0 <= min <= max <= " + choices.length
                    + " (the number of augmentations), got min " + min + ", max " + max);
        }
        return new SomeOf(min, max, List.of(choices));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        SplittableRandom random = context.random();
        int count = min + random.nextInt(max - min + 1);
        boolean[] chosen = new boolean[choices.size()];
        int remaining = count;
        for (int i = 0; i < choices.size() && remaining > 0; i++) {
            if (random.nextInt(choices.size() - i) < remaining) {
                chosen[i] = true;
                remaining--;
            }
        }
        Audio result = audio;
        for (int i = 0; i < choices.size(); i++) {
            if (chosen[i]) {
                result = choices.get(i).apply(result, context.child(i));
            }
        }
        return result;
    }

    @Override
    public boolean blocking() {
        return choices.stream().anyMatch(Augmentation::blocking);
    }

    @Override
    public String toString() {
        return "SomeOf(" + min + ", " + max + ")" + choices;
    }
}
