package io.reactiveaudio.source;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The class names of a labelled corpus and their indices: names sorted by Unicode code point
 * (locale-independent, see {@link #names()}), index = position in that list.
 *
 * <p>The same set of names always gives the same indices, on any machine and in any locale.
 * Immutable and thread-safe.
 */
public final class LabelMap {

    private static final LabelMap EMPTY = new LabelMap(List.of());

    private final List<String> names;
    private final Map<String, Integer> indices;

    private LabelMap(List<String> names) {
        this.names = names;
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), i);
        }
        this.indices = Collections.unmodifiableMap(map);
    }

    /** The map without labels, used by unlabelled source sets. */
    public static LabelMap empty() {
        return EMPTY;
    }

    /**
     * A map of the distinct given names, sorted.
     *
     * @param labels class names, in any order, duplicates allowed
     * @throws IllegalArgumentException when a name is empty
     * @throws NullPointerException when a name is null
     */
    public static LabelMap of(Collection<String> labels) {
        TreeSet<String> sorted = new TreeSet<>(CodePointOrder.STRINGS);
        for (String label : labels) {
            Objects.requireNonNull(label, "label");
            if (label.isEmpty()) {
                throw new IllegalArgumentException("a label must not be empty");
            }
            sorted.add(label);
        }
        return sorted.isEmpty() ? EMPTY : new LabelMap(List.copyOf(sorted));
    }

    /** Same as {@link #of(Collection)}. */
    public static LabelMap of(String... labels) {
        return of(Arrays.asList(labels));
    }

    /** The names in index order: sorted by Unicode code point, so "Z" &lt; "a" &lt; "ä" &lt; "é". */
    public List<String> names() {
        return names;
    }

    /** Number of classes. */
    public int size() {
        return names.size();
    }

    /** True when there are no classes (an unlabelled corpus). */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Whether {@code label} is one of the names. */
    public boolean contains(String label) {
        return indices.containsKey(label);
    }

    /**
     * The index of a name.
     *
     * @throws IllegalArgumentException naming the label when it is not in the map
     */
    public int indexOf(String label) {
        Integer index = indices.get(label);
        if (index == null) {
            throw new IllegalArgumentException("unknown label \"" + label + "\"; known labels: " + names);
        }
        return index;
    }

    /**
     * The name at an index.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    public String name(int index) {
        return names.get(index);
    }

    /** The mapping name -&gt; index, unmodifiable, iterating in index order. */
    public Map<String, Integer> asMap() {
        return indices;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelMap that && names.equals(that.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "LabelMap" + indices;
    }
}
