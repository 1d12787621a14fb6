package io.reactiveaudio.codec;

import java.util.List;

/**
 * A backend of decoders that {@link AudioDecoders} finds on the class path through
 * {@link java.util.ServiceLoader} (a line with the implementing class in
 * {@code META-INF/services/io.reactiveaudio.codec.DecoderProvider}).
 *
 * <p>The built-in backend, {@code "jlayer"} (JLayer for MP3, reactive-audio's own WAV and FLAC
 * decoders), has priority 0; {@link AudioDecoders#standard()} tries the available backends from
 * the highest priority down, and {@link AudioDecoders#preferring(String)} puts one first by name.
 * Implementations need a public no-argument constructor and must be thread-safe. Discovery may
 * run on any thread, so it must not block: a backend with native code may start loading it in the
 * background (as the FFmpeg backend does, to take it off the first file's path), but a failure to
 * load is reported when a decoder opens a file, never by discovery.
 */
public interface DecoderProvider {

    /** The name users choose the backend by, lower case ({@code "ffmpeg"}). */
    String name();

    /** Rank in the automatic choice: higher goes first; the built-in backend has 0. */
    int priority();

    /**
     * Whether the backend can decode on this machine (its native libraries exist for this
     * platform), decided without loading them. Unavailable backends are left out of every registry.
     */
    default boolean available() {
        return true;
    }

    /** The backend's decoders, in the order their {@link AudioDecoder#sniff} is tried. */
    List<AudioDecoder> decoders();
}
