package io.reactiveaudio.bytes;

import java.util.Objects;

/**
 * One regular file of a tar archive.
 *
 * @param name the member's path in the archive ({@code "speech/clip-001.flac"})
 * @param offset where its data starts in the archive, in bytes (after its header)
 * @param size its data, in bytes
 */
public record TarEntry(String name, long offset, long size) {

    /** Validates the fields. */
    public TarEntry {
        Objects.requireNonNull(name, "name");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("offset " + offset + " and size " + size + " must be >= 0");
        }
    }

    /** Where the archive goes on after this member's data and padding, in bytes. */
    public long end() {
        return offset + Tar.padded(size);
    }
}
