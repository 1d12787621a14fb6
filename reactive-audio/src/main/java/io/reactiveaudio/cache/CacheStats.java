package io.reactiveaudio.cache;

/**
 * Counts of a {@link DecodedAudioCache} since it was built. Immutable snapshot.
 *
 * @param memoryHits files served from the memory tier
 * @param diskHits files served from the disk tier
 * @param misses files decoded (absent from every tier)
 * @param storedOnDisk cache files completed and renamed into place
 * @param rebuilt cache files found damaged or stale (bad checksum, length or key), deleted and decoded again
 * @param writeFailures cache files that could not be written (full disk, permissions, a vanished directory)
 * @param memoryBytes bytes of samples held by the memory tier now
 * @param memoryEvictions entries the memory tier evicted to stay within its budget
 * @param diskEvictions cache files deleted to keep the directory within its bound
 * @param readFailures opens at which the cache directory, a cache file or the source's attributes
 *     could not be read, so the source was decoded
 * @param tooLarge sources not stored on disk because their decoded audio exceeds the directory's bound
 * @param damagedSources sources not stored because their decoder concealed damage in them
 * @see CacheEvent
 */
public record CacheStats(long memoryHits, long diskHits, long misses, long storedOnDisk, long rebuilt,
                         long writeFailures, long memoryBytes, long memoryEvictions, long diskEvictions,
                         long readFailures, long tooLarge, long damagedSources) {
}
