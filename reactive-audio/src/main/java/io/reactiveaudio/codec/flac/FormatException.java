package io.reactiveaudio.codec.flac;

import io.reactiveaudio.codec.AudioDecodeException;

/**
 * A FLAC structure that breaks the format, found while parsing bytes that do not know their file;
 * the reader turns it into an {@link AudioDecodeException} naming the file and the byte offset of
 * the frame or block. Carries no stack trace. Immutable and thread-safe.
 */
final class FormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The bytes at hand ended before the structure being parsed; shared, so it costs nothing to throw. */
    static final FormatException END_OF_DATA =
            new FormatException(AudioDecodeException.Kind.TRUNCATED, "data ends inside the frame");

    private final AudioDecodeException.Kind kind;

    private FormatException(AudioDecodeException.Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** Damaged content: a forbidden value, a failed checksum, an impossible bitstream. */
    static FormatException corrupt(String reason) {
        return new FormatException(AudioDecodeException.Kind.CORRUPT, reason);
    }

    /** A value the format reserves for future use. */
    static FormatException unsupported(String reason) {
        return new FormatException(AudioDecodeException.Kind.UNSUPPORTED, reason);
    }

    /** The category to report. */
    AudioDecodeException.Kind kind() {
        return kind;
    }
}
