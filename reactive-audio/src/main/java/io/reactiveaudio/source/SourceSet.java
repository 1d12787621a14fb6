package io.reactiveaudio.source;

import io.reactiveaudio.audio.AudioSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * A listed corpus: its items in index order and its label map.
 *
 * <p>Item {@code i} has {@link AudioSource#index() index} {@code i}, and every labelled item's
 * {@link AudioSource#labelIndex() labelIndex} is the index of its label in {@link #labels()}.
 * The map may hold labels no item uses (a class list shared by a training and a validation split).
 * Listing does not open the files; a missing file is reported when it is decoded.
 * Immutable and thread-safe.
 */
public final class SourceSet {

    private final List<AudioSource> sources;
    private final LabelMap labels;

    private SourceSet(List<AudioSource> sources, LabelMap labels) {
        this.sources = sources;
        this.labels = labels;
    }

    /**
     * A set of the given items.
     *
     * @param sources the items; item {@code i} must have index {@code i}
     * @param labels the label map; every labelled item's label must be in it at its labelIndex
     * @throws IllegalArgumentException when an index or a label index does not match
     */
    public static SourceSet of(List<AudioSource> sources, LabelMap labels) {
        Objects.requireNonNull(labels, "labels");
        List<AudioSource> copy = List.copyOf(sources);
        for (int i = 0; i < copy.size(); i++) {
            AudioSource source = copy.get(i);
            if (source.index() != i) {
                throw new IllegalArgumentException("item at position " + i + " has index " + source.index()
                        + ": " + source.path());
            }
            if (source.hasLabel() && !labels.contains(source.label())) {
                throw new IllegalArgumentException("item " + i + " has label \"" + source.label()
                        + "\", which the label map lacks: " + source.path());
            }
            if (source.hasLabel() && labels.indexOf(source.label()) != source.labelIndex()) {
                throw new IllegalArgumentException("item " + i + " has label \"" + source.label()
                        + "\" with labelIndex " + source.labelIndex() + ", but the label map gives "
                        + labels.indexOf(source.label()) + ": " + source.path());
            }
        }
        return new SourceSet(copy, labels);
    }

    /** The items in index order, unmodifiable. */
    public List<AudioSource> sources() {
        return sources;
    }

    /** The label map; empty when the corpus has no labels. */
    public LabelMap labels() {
        return labels;
    }

    /** Number of items. */
    public int size() {
        return sources.size();
    }

    /**
     * The item with the given index.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    public AudioSource get(long index) {
        if (index < 0 || index >= sources.size()) {
            throw new IndexOutOfBoundsException("index " + index + " out of [0, " + sources.size() + ")");
        }
        return sources.get((int) index);
    }

    /**
     * The items in index order, as requested. Each subscription replays the whole list; the
     * items are emitted on the thread that requests them.
     */
    public Flux<AudioSource> flux() {
        return Flux.fromIterable(sources);
    }

    /**
     * This set with its label indices taken from another map, so that splits listed apart (a
     * training and a validation folder where one class is missing) share one class numbering.
     *
     * @param labels a map holding every label used by this set
     * @throws IllegalArgumentException naming a label that {@code labels} lacks
     */
    public SourceSet withLabels(LabelMap labels) {
        Objects.requireNonNull(labels, "labels");
        List<AudioSource> relabelled = new ArrayList<>(sources.size());
        for (AudioSource s : sources) {
            relabelled.add(s.hasLabel()
                    ? s.withLabel(s.label(), labels.indexOf(s.label()))
                    : s);
        }
        return new SourceSet(List.copyOf(relabelled), labels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceSet that && sources.equals(that.sources) && labels.equals(that.labels);
    }

    @Override
    public int hashCode() {
        return 31 * sources.hashCode() + labels.hashCode();
    }

    @Override
    public String toString() {
        return "SourceSet[size=" + sources.size() + ", labels=" + labels.names() + "]";
    }
}
