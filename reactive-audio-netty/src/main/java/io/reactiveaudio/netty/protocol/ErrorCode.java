package io.reactiveaudio.netty.protocol;

/** The error codes of ERROR frames, {@code docs/protocol.md} §8. */
public enum ErrorCode {
    /** The handshake does not start with {@code RAUD}. */
    BAD_MAGIC(1),
    /** The handshake's protocol version is not spoken by the server. */
    UNSUPPORTED_VERSION(2),
    /** The first frame is not a handshake, or its fields do not parse. */
    MALFORMED_HANDSHAKE(3),
    /** The handshake is longer than the server's limit. */
    HANDSHAKE_TOO_LARGE(4),
    /** The handshake did not arrive complete in time. */
    HANDSHAKE_TIMEOUT(5),
    /** Missing or wrong token. */
    UNAUTHORIZED(6),
    /** No stream of that name. */
    UNKNOWN_STREAM(7),
    /** Rank or world size out of range. */
    BAD_REQUEST(8),
    /** The resume checkpoint does not parse, belongs to another configuration, or its epoch differs. */
    BAD_CHECKPOINT(9),
    /** The server is at its connection cap. */
    TOO_MANY_CONNECTIONS(10),
    /** An unexpected frame or payload after the handshake. */
    PROTOCOL_VIOLATION(11),
    /** Outstanding credit would exceed the server's {@code max_credit}. */
    CREDIT_OVERFLOW(12),
    /** The stream's pipeline failed. */
    STREAM_FAILED(13),
    /** The server is stopping. */
    SHUTTING_DOWN(14);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The code on the wire. */
    public int code() {
        return code;
    }

    /**
     * Whether a later connection with the same request may succeed: the server's side failed
     * ({@code STREAM_FAILED}, {@code SHUTTING_DOWN}), or the refusal depends on the server's state at
     * that moment rather than on the request ({@code HANDSHAKE_TIMEOUT}, timed by a server that may
     * itself have been slow, as a JVM that has just started is; {@code TOO_MANY_CONNECTIONS}).
     */
    public boolean retryable() {
        return switch (this) {
            case HANDSHAKE_TIMEOUT, TOO_MANY_CONNECTIONS, STREAM_FAILED, SHUTTING_DOWN -> true;
            default -> false;
        };
    }

    /** The error with this code, or null if none. */
    public static ErrorCode of(int code) {
        for (ErrorCode error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return null;
    }
}
