package io.reactiveaudio.audio;

import java.util.Objects;

/**
 * Where an item's encoded bytes lie inside a shard: the shard's URL (or local path), the member's
 * name in the archive and the member's bytes in the shard.
 *
 * @param shard the shard: a local path, or a URL ({@code file:}, {@code http(s):}, {@code s3:})
 * @param member the member's name in the tar archive ({@code "clip-001.flac"})
 * @param offset where the member's data starts in the shard, in bytes
 * @param length the member's data, in bytes
 */
public record Location(String shard, String member, long offset, long length) {

    /** Validates the fields. */
    public Location {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(member, "member");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
    }

    /** The name messages use: the shard and the member, {@code "s3://b/shard-000001.tar#clip-001.flac"}. */
    public String name() {
        return shard + "#" + member;
    }

    @Override
    public String toString() {
        return name();
    }
}
