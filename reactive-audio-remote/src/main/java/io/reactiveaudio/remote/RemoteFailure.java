package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteSourceException;
import java.io.IOException;

/**
 * A request that failed with a status (or none): whether it is worth retrying, and the kind of
 * {@link ByteSourceException} it becomes when it is not or when the retries are spent.
 */
final class RemoteFailure extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final ByteSourceException.Kind kind;
    private final boolean retryable;

    RemoteFailure(int status, ByteSourceException.Kind kind, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.kind = kind;
        this.retryable = retryable;
    }

    /** The failure an HTTP status means: 404 missing, 401/403 denied, 408/429/5xx transient, others final. */
    static RemoteFailure ofStatus(int status, String reason) {
        if (status == 404) {
            return new RemoteFailure(status, ByteSourceException.Kind.NOT_FOUND, false, reason, null);
        }
        if (status == 401 || status == 403) {
            return new RemoteFailure(status, ByteSourceException.Kind.DENIED, false, reason, null);
        }
        boolean transientStatus = status == 408 || status == 429 || status >= 500;
        return new RemoteFailure(status, transientStatus ? ByteSourceException.Kind.RETRIES_EXHAUSTED
                : ByteSourceException.Kind.FAILED, transientStatus, reason, null);
    }

    /** A failure without a status (reset, refused, timeout, stall): transient. */
    static RemoteFailure ofTransport(Throwable cause) {
        return new RemoteFailure(-1, ByteSourceException.Kind.RETRIES_EXHAUSTED, true, cause.toString(), cause);
    }

    int status() {
        return status;
    }

    ByteSourceException.Kind kind() {
        return kind;
    }

    boolean retryable() {
        return retryable;
    }
}
