package io.reactiveaudio.codec;

import java.nio.file.Path;

/**
 * A file could not be decoded, or could be decoded only in part.
 *
 * <p>The message always names the file and, where known, the byte offset at which the problem
 * was found, so a user can find it with a hex viewer: {@code "a/b.mp3: truncated MPEG frame at byte
 * 48213 (needed 418 bytes, 97 present)"}. {@link #kind()} lets code react by category.
 * Immutable and thread-safe.
 */
public final class AudioDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, by category. */
    public enum Kind {
        /** The content is damaged: bad header values, failed checksum, impossible bitstream. */
        CORRUPT,
        /** The file ends before the structure it started is complete; complete parts were emitted. */
        TRUNCATED,
        /** The file holds no bytes, or no audio at all. */
        EMPTY,
        /** A valid file of a format or variant reactive-audio does not decode. */
        UNSUPPORTED,
        /** The file could not be opened or read (missing, permissions, I/O error). */
        UNREADABLE
    }

    /** Marks an unknown byte offset. */
    public static final long UNKNOWN_OFFSET = -1;

    private final transient Path path;
    private final Kind kind;
    private final long byteOffset;
    private final String reason;

    /**
     * Creates an exception.
     *
     * @param path the file (never null)
     * @param kind the category (never null)
     * @param byteOffset offset in bytes from the start of the file, or {@link #UNKNOWN_OFFSET}
     * @param reason what went wrong, without the path or offset (they are added to the message)
     * @param cause the underlying exception, or null
     */
    public AudioDecodeException(Path path, Kind kind, long byteOffset, String reason, Throwable cause) {
        super(format(path, kind, byteOffset, reason), cause);
        this.path = java.util.Objects.requireNonNull(path, "path");
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.byteOffset = byteOffset < 0 ? UNKNOWN_OFFSET : byteOffset;
        this.reason = reason;
    }

    /** Same as the five-argument constructor without a cause. */
    public AudioDecodeException(Path path, Kind kind, long byteOffset, String reason) {
        this(path, kind, byteOffset, reason, null);
    }

    private static String format(Path path, Kind kind, long offset, String reason) {
        String where = offset >= 0 ? " at byte " + offset : "";
        return path + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason + where;
    }

    /** The file that failed. */
    public Path path() {
        return path;
    }

    /** The category of the failure. */
    public Kind kind() {
        return kind;
    }

    /** Byte offset from the start of the file where the problem was found, or {@link #UNKNOWN_OFFSET}. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The reason alone, without path and offset. */
    public String reason() {
        return reason;
    }
}
