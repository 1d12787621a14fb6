package io.reactiveaudio.netty.protocol;

import java.util.Objects;

/**
 * A failure with the {@link ErrorCode} the wire names it by: raised by a server when it rejects
 * a peer (and sent to it in an ERROR frame), and by a client when it receives an ERROR frame.
 */
public class ProtocolException extends RuntimeException {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(code + ": " + message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error code. */
    public ErrorCode code() {
        return code;
    }

    /** The message without the code. */
    public String detail() {
        String message = getMessage();
        return message.substring(message.indexOf(": ") + 2);
    }
}
