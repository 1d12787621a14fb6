package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.bytedeco.javacpp.Loader;

/**
 * The FFmpeg native libraries: where they are looked for, and loading them once. Loading extracts
 * them from the jar into JavaCPP's cache ({@code ~/.javacpp/cache}) on first use, which blocks:
 * it happens on the first {@link FfmpegDecoder#open} or {@code probe}, on the caller's
 * bounded-elastic thread. Thread-safe.
 */
final class Natives {

    private Natives() {
    }

    /** True when the jar with this platform's FFmpeg libraries is on the class path (nothing is loaded). */
    static boolean present() {
        String library = "org/bytedeco/ffmpeg/" + Loader.getPlatform() + "/" + System.mapLibraryName("jniavcodec");
        return Natives.class.getClassLoader().getResource(library) != null;
    }

    /**
     * Loads the libraries (once) and silences FFmpeg's own log: failures arrive as exceptions.
     *
     * @throws IllegalStateException when the libraries do not load on this machine
     */
    static void load() {
        try {
            Holder.touch();
        } catch (LinkageError e) {
            throw new IllegalStateException("the FFmpeg libraries for " + Loader.getPlatform() + " do not load: " + e, e);
        }
    }

    private static final class Holder {

        static {
            av_log_set_level(AV_LOG_QUIET);
        }

        static void touch() {
            // the static initializer has run
        }
    }
}
