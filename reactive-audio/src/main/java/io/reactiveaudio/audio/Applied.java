package io.reactiveaudio.audio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What one transform did to one item: its name and the parameters it drew, in the units of its
 * parameter names ({@code gain_db} in dB, {@code shift_frames} in sample frames...). Log it, or
 * give it to the transform's fixed-parameter form to redo the same change. Immutable.
 *
 * @param transform the transform's name, e.g. {@code "Gain"}
 * @param parameters the drawn values by parameter name, in the order drawn
 */
public record Applied(String transform, Map<String, Double> parameters) {

    /** Validates and copies the fields (keeping their order). */
    public Applied {
        Objects.requireNonNull(transform, "transform");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A record of a transform that drew nothing. */
    public static Applied of(String transform) {
        return new Applied(transform, Map.of());
    }

    /** A record of one parameter. */
    public static Applied of(String transform, String name, double value) {
        return new Applied(transform, Map.of(name, value));
    }

    /** A record of two parameters, in this order. */
    public static Applied of(String transform, String name1, double value1, String name2, double value2) {
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put(name1, value1);
        parameters.put(name2, value2);
        return new Applied(transform, parameters);
    }

    /** A record of three parameters, in this order. */
    public static Applied of(String transform, String name1, double value1, String name2, double value2,
                             String name3, double value3) {
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put(name1, value1);
        parameters.put(name2, value2);
        parameters.put(name3, value3);
        return new Applied(transform, parameters);
    }

    /** A record of four parameters, in this order. */
    public static Applied of(String transform, String name1, double value1, String name2, double value2,
                             String name3, double value3, String name4, double value4) {
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put(name1, value1);
        parameters.put(name2, value2);
        parameters.put(name3, value3);
        parameters.put(name4, value4);
        return new Applied(transform, parameters);
    }

    /** The value drawn for a parameter. */
    public double get(String parameter) {
        Double value = parameters.get(parameter);
        if (value == null) {
            throw new IllegalArgumentException(transform + " has no parameter " + parameter + "; it has " + parameters.keySet());
        }
        return value;
    }

    @Override
    public String toString() {
        StringJoiner joined = new StringJoiner(", ", transform + "(", ")");
        parameters.forEach((name, value) -> joined.add(name + "=" + value));
        return joined.toString();
    }
}
