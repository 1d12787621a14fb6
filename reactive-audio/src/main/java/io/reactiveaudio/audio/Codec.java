package io.reactiveaudio.audio;

/**
 * The audio file formats reactive-audio decodes, recognised by their content (magic bytes). The
 * built-in decoders read MP3, WAV and FLAC; the others need a backend such as {@code reactive-audio-ffmpeg}.
 */
public enum Codec {
    /** MPEG-1, 2 and 2.5 Layer III. */
    MP3,
    /** RIFF/WAVE with PCM or IEEE float samples. */
    WAV,
    /** Free Lossless Audio Codec, native container. */
    FLAC,
    /** Advanced Audio Coding in MP4/M4A or ADTS (decoded by an optional backend such as FFmpeg). */
    AAC,
    /** Opus in Ogg (decoded by an optional backend such as FFmpeg). */
    OPUS,
    /** Vorbis in Ogg (decoded by an optional backend such as FFmpeg). */
    VORBIS;

    /** The lower-case name used in CLI output and JSON ({@code "mp3"}, {@code "wav"}, {@code "flac"}, ...). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
