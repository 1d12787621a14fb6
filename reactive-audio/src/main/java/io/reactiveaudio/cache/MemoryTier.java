package io.reactiveaudio.cache;

import io.reactiveaudio.codec.DecodedAudio;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The memory tier: whole decoded files, least recently used evicted first, their samples
 * (4 bytes each) never more than the budget in total. Thread-safe (one lock; entries are
 * immutable once stored and read without copying).
 */
final class MemoryTier {

    private final long budgetBytes;
    private final Map<String, DecodedAudio> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private long evictions;

    MemoryTier(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The entry of the key, now the most recently used. */
    synchronized Optional<DecodedAudio> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Stores the audio, evicting the least recently used entries to make room; audio larger than
     * the whole budget is not stored.
     */
    synchronized void put(String key, DecodedAudio audio) {
        long bytes = bytes(audio);
        if (bytes > budgetBytes) {
            return;
        }
        DecodedAudio previous = entries.remove(key);
        if (previous != null) {
            usedBytes -= bytes(previous);
        }
        Iterator<DecodedAudio> oldest = entries.values().iterator();
        while (usedBytes + bytes > budgetBytes) {
            usedBytes -= bytes(oldest.next());
            oldest.remove();
            evictions++;
        }
        entries.put(key, audio);
        usedBytes += bytes;
    }

    /** Whether audio of this many samples could be stored at all. */
    boolean fits(long samples) {
        return samples * Float.BYTES <= budgetBytes;
    }

    synchronized long usedBytes() {
        return usedBytes;
    }

    synchronized long evictions() {
        return evictions;
    }

    private static long bytes(DecodedAudio audio) {
        return (long) audio.samples().length * Float.BYTES;
    }
}
