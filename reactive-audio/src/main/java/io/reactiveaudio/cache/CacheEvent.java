package io.reactiveaudio.cache;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something the cache could not do for one source file, and what it did instead. No event fails a
 * read: the source is decoded as without a cache. Each is counted in {@link CacheStats} and kept
 * in {@link DecodedAudioCache#events()}. Immutable and thread-safe.
 *
 * @param source the audio file concerned (not the cache file)
 * @param kind what happened
 * @param detail the cause, for people: the I/O error, the check that failed, the sizes
 */
public record CacheEvent(Path source, Kind kind, String detail) {

    /** What happened, by category. */
    public enum Kind {
        /**
         * A cache file failed its checks (its length, key or block table when opened, a block's
         * CRC-32C when read): none of it was served, it was deleted and the source decoded again
         * ({@link CacheStats#rebuilt()}).
         */
        DAMAGED_CACHE_FILE,
        /**
         * The cache directory, a cache file or the source's attributes could not be read: the
         * source was decoded ({@link CacheStats#readFailures()}).
         */
        READ_FAILED,
        /**
         * A cache file could not be written (a full disk, an unwritable or vanished directory): the
         * source was not stored and is decoded again next time ({@link CacheStats#writeFailures()}).
         */
        WRITE_FAILED,
        /**
         * The source's decoded audio is larger than the disk tier's whole bound: not stored
         * ({@link CacheStats#tooLarge()}).
         */
        TOO_LARGE,
        /**
         * The decoder concealed damage in the source: it is not stored, so every read decodes it and
         * reports its damage as the decoder does ({@link CacheStats#damagedSources()}).
         */
        DAMAGED_SOURCE
    }

    /** Checks that nothing is null. */
    public CacheEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code "PATH: write_failed: DETAIL"}. */
    @Override
    public String toString() {
        return source + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail;
    }
}
