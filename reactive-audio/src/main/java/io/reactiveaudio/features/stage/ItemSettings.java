package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.scheduler.Schedulers;

/**
 * The settings of the operators that compute each item's features alone, {@link ClipFeatures} and
 * {@link SegmentFeatures}: the extractor, the layout of each matrix and how many items are
 * computed at once. Immutable: each setter returns a changed copy, and an operator holds its
 * settings in a final field.
 */
final class ItemSettings implements Cloneable {

    private final FeatureExtractor extractor;
    private FeatureLayout layout = FeatureLayout.BINS_FRAMES;
    private int concurrency = Schedulers.DEFAULT_POOL_SIZE;

    /** {@code extractor}'s features, {@link FeatureLayout#BINS_FRAMES}, one item per parallel thread at once. */
    ItemSettings(FeatureExtractor extractor) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /** These settings with each matrix in {@code order}. */
    ItemSettings layout(FeatureLayout order) {
        Objects.requireNonNull(order, "layout");
        return with(s -> s.layout = order);
    }

    /** These settings with {@code items} computed at once, at least 1. */
    ItemSettings concurrency(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + items);
        }
        return with(s -> s.concurrency = items);
    }

    FeatureExtractor extractor() {
        return extractor;
    }

    FeatureLayout layout() {
        return layout;
    }

    int concurrency() {
        return concurrency;
    }

    private ItemSettings with(Consumer<ItemSettings> change) {
        ItemSettings next;
        try {
            next = (ItemSettings) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        change.accept(next);
        return next;
    }
}
