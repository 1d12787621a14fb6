package io.reactiveaudio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;

/**
 * The FFmpeg native libraries: where they are looked for, and loading them once. Loading takes
 * about 0.1 s of CPU (JavaCPP links a few hundred binding classes; the first run also extracts the
 * libraries into {@code ~/.javacpp/cache}), so {@link #preload()} starts it on a thread of its own
 * as soon as the backend is put to use, and the first {@link FfmpegDecoder#open} only waits for
 * what is left. A plain daemon thread, not a Reactor scheduler: it starts at once, without setting
 * up Reactor's schedulers on the caller's thread first. Thread-safe.
 */
final class Natives {

    /** System property: {@code false} loads the libraries at the first open instead of in advance. */
    static final String PRELOAD_PROPERTY = "reactiveaudio.ffmpeg.preload";

    private static final AtomicBoolean PRELOAD_STARTED = new AtomicBoolean();

    private Natives() {
    }

    /** True when the jar with this platform's FFmpeg libraries is on the class path (nothing is loaded). */
    static boolean present() {
        String library = "org/bytedeco/ffmpeg/" + Loader.getPlatform() + "/" + System.mapLibraryName("jniavcodec");
        return Natives.class.getClassLoader().getResource(library) != null;
    }

    /**
     * Starts loading the libraries on a daemon thread, once, unless {@value #PRELOAD_PROPERTY}
     * is {@code false}; returns at once. A failure is kept for {@link #load()} to report.
     */
    static void preload() {
        boolean wanted = Boolean.parseBoolean(System.getProperty(PRELOAD_PROPERTY, "true"));
        if (wanted && PRELOAD_STARTED.compareAndSet(false, true)) {
            Thread loader = new Thread(Natives::loadQuietly, "reactive-audio-ffmpeg-load");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /**
     * Loads the libraries (once; waits while another thread loads them) and silences FFmpeg's own
     * log: failures arrive as exceptions.
     *
     * @throws IllegalStateException when the libraries do not load on this machine
     */
    static void load() {
        Throwable failure = Holder.FAILURE;
        if (failure != null) {
            throw new IllegalStateException("the FFmpeg libraries for " + Loader.getPlatform() + " do not load: "
                    + failure, failure);
        }
    }

    private static void loadQuietly() {
        try {
            load();
        } catch (IllegalStateException e) {
            // reported by the open that needs the libraries
        }
    }

    /** Loads on class initialization, which the JVM runs once and makes concurrent callers wait for. */
    private static final class Holder {

        static final Throwable FAILURE = loadAll();

        private static Throwable loadAll() {
            try {
                for (Class<?> library : List.of(avutil.class, swresample.class, avcodec.class, avformat.class)) {
                    Loader.load(library);
                }
                av_log_set_level(AV_LOG_QUIET);
                return null;
            } catch (LinkageError | RuntimeException e) {
                return e;
            }
        }
    }
}
