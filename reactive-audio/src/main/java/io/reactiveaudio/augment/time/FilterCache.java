package io.reactiveaudio.augment.time;

import io.reactiveaudio.dsp.resample.PolyphaseFilter;
import io.reactiveaudio.dsp.resample.ResampleRatio;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resampling filters of recently used speed factors, shared by all items and threads: at most
 * {@link #CAPACITY} filters (about 0.5 MB each), the least recently used dropped first.
 * Thread-safe; a filter missing from the cache is designed outside the lock, so two threads may
 * both design one, and as the design is deterministic either copy gives the same output.
 */
final class FilterCache {

    /** The most filters kept. */
    static final int CAPACITY = 32;

    private static final Map<ResampleRatio, PolyphaseFilter> FILTERS = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ResampleRatio, PolyphaseFilter> eldest) {
            return size() > CAPACITY;
        }
    };

    private FilterCache() {
    }

    /** The filter for {@code ratio}, from the cache or newly designed and cached. */
    static PolyphaseFilter filter(ResampleRatio ratio) {
        synchronized (FILTERS) {
            PolyphaseFilter cached = FILTERS.get(ratio);
            if (cached != null) {
                return cached;
            }
        }
        PolyphaseFilter designed = PolyphaseFilter.design(ratio);
        synchronized (FILTERS) {
            PolyphaseFilter raced = FILTERS.putIfAbsent(ratio, designed);
            return raced == null ? designed : raced;
        }
    }

    /** How many filters are cached now. */
    static int size() {
        synchronized (FILTERS) {
            return FILTERS.size();
        }
    }
}
