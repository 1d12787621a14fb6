package io.reactiveaudio.codec.wav;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import java.util.Optional;

/**
 * Where a WAV file's samples are and how they are stored, as its chunks describe them.
 *
 * @param fmt the format chunk
 * @param dataOffset byte offset of the first sample
 * @param presentBytes bytes of sample data actually in the file (at most the declared size)
 * @param declaredBytes the data chunk's size, or {@link #TO_END_OF_FILE} when the writer could not
 *     fill it in (streaming writers leave 0 or 0xFFFFFFFF)
 */
record WavHeader(FmtChunk fmt, long dataOffset, long presentBytes, long declaredBytes) {

    /** Marks a data chunk that runs to the end of the file. */
    static final long TO_END_OF_FILE = -1;

    /** Complete frames in the file: the frames a reader returns. */
    long frames() {
        return presentBytes / fmt.blockAlign();
    }

    /** True when the data ends early or inside a frame, so a reader fails after the complete frames. */
    boolean truncated() {
        return presentBytes % fmt.blockAlign() != 0 || (declaredBytes != TO_END_OF_FILE && presentBytes < declaredBytes);
    }

    /** The error a reader raises after the complete frames of a {@link #truncated()} file. */
    AudioDecodeException truncation(ByteInput in) {
        long end = dataOffset + presentBytes;
        String reason = declaredBytes != TO_END_OF_FILE && presentBytes < declaredBytes
                ? "data chunk declares " + declaredBytes + " bytes but the file ends after " + presentBytes
                : "data ends inside a frame (" + presentBytes % fmt.blockAlign() + " of " + fmt.blockAlign()
                        + " bytes present)";
        return in.error(AudioDecodeException.Kind.TRUNCATED, end, reason);
    }

    /** The stream properties this header describes. */
    AudioInfo info(ByteInput in) {
        return new AudioInfo(in.path(), Codec.WAV, fmt.sampleRate(), fmt.channels(), frames(), fmt.validBits(),
                Optional.empty());
    }
}
