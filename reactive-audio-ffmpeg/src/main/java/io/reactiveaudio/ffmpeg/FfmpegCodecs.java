package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FLAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VORBIS;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;

import io.reactiveaudio.audio.Codec;

/** Maps FFmpeg codec ids to reactive-audio's {@link Codec}s. Stateless. */
final class FfmpegCodecs {

    private FfmpegCodecs() {
    }

    /** The codec for an FFmpeg codec id, or null when reactive-audio names none (PCM counts as WAV's content). */
    static Codec codec(int codecId) {
        if (codecId == AV_CODEC_ID_MP3) {
            return Codec.MP3;
        } else if (codecId == AV_CODEC_ID_FLAC) {
            return Codec.FLAC;
        } else if (codecId == AV_CODEC_ID_AAC) {
            return Codec.AAC;
        } else if (codecId == AV_CODEC_ID_OPUS) {
            return Codec.OPUS;
        } else if (codecId == AV_CODEC_ID_VORBIS) {
            return Codec.VORBIS;
        }
        return null;
    }

    /** FFmpeg's short name of a codec id ({@code "alac"}). */
    static String name(int codecId) {
        return avcodec_get_name(codecId).getString();
    }
}
