package io.reactiveaudio.cache;

import java.nio.file.Path;

/**
 * A block of a cache file failed its checksum, ended early or could not be read; none of its
 * samples was served. {@link DecodedAudioCache} catches it and goes on decoding the source.
 * Immutable.
 */
final class DamagedCacheFileException extends RuntimeException {

    DamagedCacheFileException(Path source, int block) {
        super("cache file of " + source + ": block " + block + " fails its checksum");
    }

    DamagedCacheFileException(Path source, int block, String problem, Throwable cause) {
        super("cache file of " + source + ": block " + block + " " + problem, cause);
    }
}
