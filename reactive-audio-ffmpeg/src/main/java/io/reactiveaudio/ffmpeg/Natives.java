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

    /**
     * The platforms bytedeco ships FFmpeg natives for that a build can name
     * ({@code -Pffmpeg-<platform>}, see {@code docs/ffmpeg.md}).
     */
    static final List<String> PLATFORMS = List.of("linux-x86_64", "linux-arm64", "macosx-arm64", "macosx-x86_64",
            "windows-x86_64");

    /** True when the jar with this platform's FFmpeg libraries is on the class path (nothing is loaded). */
    static boolean present() {
        return bundles(Loader.getPlatform());
    }

    /** True when the FFmpeg libraries of {@code platform} are on the class path (nothing is loaded). */
    static boolean bundles(String platform) {
        String library = "org/bytedeco/ffmpeg/" + platform + "/" + jniLibrary(platform);
        return Natives.class.getClassLoader().getResource(library) != null;
    }

    /**
     * Which platform this JVM runs on, which of {@link #PLATFORMS} have FFmpeg libraries on the class
     * path, and, when the running platform's are missing, why the backend is unavailable and how to
     * build for it. Checks the class path only; loads nothing.
     */
    static String describe() {
        return describe(Loader.getPlatform(), PLATFORMS.stream().filter(Natives::bundles).toList());
    }

    /** {@link #describe()} for a platform and the platforms whose libraries are on the class path. */
    static String describe(String platform, List<String> bundled) {
        if (bundled.contains(platform)) {
            return "FFmpeg natives for " + platform + " found (class path holds " + bundled + ")";
        }
        String build = PLATFORMS.contains(platform) ? "; build with -Pffmpeg-" + platform + " (or add"
                + " org.bytedeco:ffmpeg and org.bytedeco:javacpp with classifier " + platform + ")"
                : "; bytedeco ships FFmpeg for " + PLATFORMS + " only";
        return "no FFmpeg natives for " + platform + " (class path holds "
                + (bundled.isEmpty() ? "none" : bundled.toString()) + ")" + build
                + ": the ffmpeg backend is unavailable and decoding falls back to the built-in decoders";
    }

    /** The JNI library's file name on {@code platform}, as {@link System#mapLibraryName} names it there. */
    private static String jniLibrary(String platform) {
        if (platform.startsWith("windows")) {
            return "jniavcodec.dll";
        }
        return platform.startsWith("macosx") ? "libjniavcodec.dylib" : "libjniavcodec.so";
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
