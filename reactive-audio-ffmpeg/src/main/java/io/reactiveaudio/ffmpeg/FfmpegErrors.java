package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_DECODER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_DEMUXER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_PATCHWELCOME;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Turns FFmpeg's negative return codes into {@link AudioDecodeException}s. Stateless. */
final class FfmpegErrors {

    /** {@code AVERROR(EAGAIN)} on Linux: the decoder wants more input first. */
    static final int EAGAIN = -11;
    /** {@code AVERROR(EIO)} on Linux. */
    static final int EIO = -5;
    /** {@code AVERROR_INVALIDDATA}: the data does not decode (damaged). */
    static final int INVALID_DATA = -0x41444E49;

    private FfmpegErrors() {
    }

    /** An exception for code {@code error} of an FFmpeg call doing {@code what}, at a byte offset or -1. */
    static AudioDecodeException of(Path file, int error, long byteOffset, String what) {
        Kind kind = error == AVERROR_EOF ? Kind.TRUNCATED
                : error == EIO ? Kind.UNREADABLE
                : error == AVERROR_DECODER_NOT_FOUND || error == AVERROR_DEMUXER_NOT_FOUND
                        || error == AVERROR_PATCHWELCOME ? Kind.UNSUPPORTED
                : Kind.CORRUPT;
        return new AudioDecodeException(file, kind, byteOffset, what + ": FFmpeg says " + describe(error));
    }

    /** FFmpeg's text for an error code. */
    static String describe(int error) {
        byte[] text = new byte[128];
        if (av_strerror(error, text, text.length) < 0) {
            return "error " + error;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, StandardCharsets.UTF_8) + " (" + error + ")";
    }
}
