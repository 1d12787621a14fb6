package io.reactiveaudio.decode;

/** The audio file formats reactive-audio decodes, recognised by their content (magic bytes). */
public enum Codec {
    /** MPEG-1, 2 and 2.5 Layer III. */
    MP3,
    /** RIFF/WAVE with PCM or IEEE float samples. */
    WAV,
    /** Free Lossless Audio Codec, native container. */
    FLAC;

    /** The lower-case name used in CLI output and JSON ({@code "mp3"}, {@code "wav"}, {@code "flac"}). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
