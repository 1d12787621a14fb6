package io.reactiveaudio.ffmpeg;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import java.util.Optional;

/**
 * How FFmpeg reads one file: the bytes it sees, what a built-in header reader says about the
 * stream, and what it means when the stream ends before the frame count its headers give.
 * Immutable.
 *
 * @param known the stream's properties from a built-in header reader, or null to take FFmpeg's
 * @param start offset of the first byte FFmpeg sees
 * @param end offset after the last byte FFmpeg sees
 * @param shortEnd judges a stream that ends before the count its headers give
 */
record StreamPlan(AudioInfo known, long start, long end, ShortEnd shortEnd) {

    /** The whole file, for formats whose counts are exact by definition (FLAC STREAMINFO, MP4 sample tables). */
    static StreamPlan whole(ByteInput in, AudioInfo known) {
        return new StreamPlan(known, 0, in.size(), ShortEnd.CUT);
    }

    /** What a stream that ends before the frame count its headers give means. */
    @FunctionalInterface
    interface ShortEnd {

        /**
         * A count that is exact by the format's definition: ending sooner means the file was cut,
         * TRUNCATED at its end.
         */
        ShortEnd CUT = (in, frames, declared) -> Optional.of(new AudioDecodeException(in.path(), Kind.TRUNCATED,
                in.size(), "the stream ends " + (declared - frames) + " frames before the " + declared
                        + " its headers give"));

        /**
         * The error to raise after the last decoded frame, or empty when the stream simply ends
         * there (the count was a hint). Called once FFmpeg has stopped reading, on the decoding
         * thread; may read the file through {@code in}.
         *
         * @param frames frames decoded
         * @param declared frames the headers give
         */
        Optional<AudioDecodeException> judge(ByteInput in, long frames, long declared);
    }
}
