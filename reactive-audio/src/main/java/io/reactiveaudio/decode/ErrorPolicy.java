package io.reactiveaudio.decode;

/**
 * What a pipeline does with a file it cannot decode (or decodes only in part).
 *
 * <p>Under either policy the good data before the problem is delivered first, in order.
 */
public enum ErrorPolicy {
    /** End the stream with the {@link io.reactiveaudio.codec.AudioDecodeException}. */
    FAIL,
    /**
     * Record the problem in the {@link DecodeReport}, log it, end the file there and continue with
     * the next one.
     */
    SKIP_AND_REPORT
}
