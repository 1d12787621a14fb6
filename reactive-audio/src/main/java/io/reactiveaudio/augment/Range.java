package io.reactiveaudio.augment;

/**
 * A closed interval {@code [min, max]} that a transform draws one of its parameters from
 * uniformly, with the parameter's name for error messages and records. Immutable.
 *
 * @param name the parameter's name, e.g. {@code "gain_db"}
 * @param min the least value
 * @param max the greatest value
 */
public record Range(String name, double min, double max) {

    /** Checks that the bounds are finite and ordered. */
    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException(name + " needs finite min <= max, got min " + min + ", max " + max);
        }
    }

    /**
     * This range, checked to lie within {@code [lowest, highest]}.
     *
     * @throws IllegalArgumentException if it does not
     */
    public Range within(double lowest, double highest) {
        if (min < lowest || max > highest) {
            throw new IllegalArgumentException(name + " must lie within [" + lowest + ", " + highest
                    + "], got [" + min + ", " + max + "]");
        }
        return this;
    }

    /** A value drawn from this range with the item's generator. */
    public double draw(AugmentContext context) {
        return context.uniform(min, max);
    }
}
