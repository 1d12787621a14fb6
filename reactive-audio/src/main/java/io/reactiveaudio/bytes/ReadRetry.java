package io.reactiveaudio.bytes;

import java.util.Objects;

/**
 * One retry of a remote read after a transient failure (connection reset or cut, stall, timeout,
 * 408, 429, 5xx): the source, the byte it reads from next, which failure in a row it follows, and
 * whether it resumes a transfer that had already delivered bytes (a new range request from the
 * next byte) rather than repeating a request that delivered none. Immutable.
 *
 * @param source the source's name (a URL)
 * @param position the byte, from the start of the source, the retry reads from
 * @param attempt the failed attempt it follows, 1 for the first failure in a row
 * @param resumesTransfer whether the read had delivered bytes before the failure
 * @param cause the failure, as text
 */
public record ReadRetry(String source, long position, int attempt, boolean resumesTransfer, String cause) {

    /** Checks the fields. */
    public ReadRetry {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cause, "cause");
        if (position < 0) {
            throw new IllegalArgumentException("position must be at least 0: " + position);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
    }
}
