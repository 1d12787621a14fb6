package io.reactiveaudio.bytes;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * A byte source that cannot be read: the object is missing, the request denied, or the transfer
 * failed after its retries; names the source (a path or URL), the server's status (HTTP status
 * code, or -1 when there was none) and how many attempts were made.
 */
public final class ByteSourceException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No such file or object (HTTP 404, S3 NoSuchKey / NoSuchBucket). */
        NOT_FOUND,
        /** The server refused the request (HTTP 401 / 403, S3 AccessDenied). */
        DENIED,
        /** A transient failure (timeout, reset, 5xx, throttling) that lasted through every retry. */
        RETRIES_EXHAUSTED,
        /** Any other failure (a status that is not retried, a malformed answer). */
        FAILED
    }

    private final String source;
    private final Kind kind;
    private final int status;
    private final int attempts;

    /**
     * @param source the path or URL (never null)
     * @param kind what went wrong
     * @param status the server's status code, or -1 without one
     * @param attempts requests made, at least 1
     * @param reason what went wrong, without the source (it is added to the message)
     */
    public ByteSourceException(String source, Kind kind, int status, int attempts, String reason, Throwable cause) {
        super(source + ": " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (status >= 0 ? " (status " + status + ")" : "")
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + reason, cause);
        this.source = Objects.requireNonNull(source, "source");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.attempts = attempts;
    }

    /** A missing local file or object, without a status. */
    static ByteSourceException notFound(String source, Throwable cause) {
        return new ByteSourceException(source, Kind.NOT_FOUND, -1, 1, "no such file", cause);
    }

    /** The path or URL that failed. */
    public String source() {
        return source;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The server's status code, or -1 when there was none (a local file, a connection failure). */
    public int status() {
        return status;
    }

    /** How many requests were made before giving up (1 when the failure was not retried). */
    public int attempts() {
        return attempts;
    }
}
