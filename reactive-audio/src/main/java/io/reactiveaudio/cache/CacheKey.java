package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Location;
import io.reactiveaudio.bytes.ByteSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a cached decode depends on: the file (absolute path, size in bytes, modification time in
 * nanoseconds since the epoch) and the decode settings (decoders, storage format, cache format
 * version). Any change gives another key, so a changed source is decoded again. Immutable.
 */
record CacheKey(Path file, long size, long modifiedNanos, String settings) {

    /**
     * The key of a source's whole file: its file's attributes, or for a member of a shard the
     * shard's URL and member name with the member's size and offset (and a local shard's
     * modification time), since a remote shard's time is not asked for (blocking).
     */
    static CacheKey of(AudioSource source, String settings) {
        if (!source.inShard()) {
            return of(source.path(), settings);
        }
        Location at = source.location();
        long modified = at.offset();
        if (!ByteSources.isUrl(at.shard())) {
            try {
                modified = Files.getLastModifiedTime(Path.of(at.shard())).to(java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CacheKey(Path.of(at.name() + "@" + at.offset()), at.length(), modified, settings);
    }

    /** Reads the file's attributes (blocking). */
    static CacheKey of(Path file, String settings) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            return new CacheKey(absolute, attributes.size(),
                    attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole key as one line, stored in the cache file and compared when it is opened. */
    String text() {
        return file + "\n" + size + "\n" + modifiedNanos + "\n" + settings;
    }

    /** A file name unique to the key: the SHA-256 of {@link #text()} in hex, with extension {@code .pcm}. */
    String fileName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".pcm";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
