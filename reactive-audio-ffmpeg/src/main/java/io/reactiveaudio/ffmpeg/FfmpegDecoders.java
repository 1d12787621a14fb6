package io.reactiveaudio.ffmpeg;

import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.DecoderProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The {@code "ffmpeg"} decoder backend, found by {@link io.reactiveaudio.codec.AudioDecoders}
 * through {@link java.util.ServiceLoader}: WAV, FLAC, Opus, Vorbis, AAC and MP3 decoders, with
 * priority 10 (above the built-in decoders' 0), available when this platform's FFmpeg natives are
 * on the class path. Thread-safe. {@link #decoders()}, which a registry asks for when it is built,
 * starts loading the natives on a daemon thread (about 0.1 s of CPU) so that the first
 * file opens without that wait; {@code -Dreactiveaudio.ffmpeg.preload=false} defers it to the
 * first open.
 */
public final class FfmpegDecoders implements DecoderProvider {

    private static final Logger LOG = Loggers.getLogger(FfmpegDecoders.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** The backend's name. */
    public static final String NAME = "ffmpeg";

    /** Sniffing order: the strict magic numbers first, MP3's frame-header search last. */
    private static final List<AudioDecoder> DECODERS = List.of(new FfmpegDecoder(Codec.WAV),
            new FfmpegDecoder(Codec.FLAC), new FfmpegDecoder(Codec.OPUS), new FfmpegDecoder(Codec.VORBIS),
            new FfmpegDecoder(Codec.AAC), new FfmpegDecoder(Codec.MP3));

    /** The provider ServiceLoader instantiates. */
    public FfmpegDecoders() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    /**
     * Available when the running platform's FFmpeg natives are on the class path; when they are
     * not, logs once, as a warning, which platform runs, which natives the class path holds and how
     * to build for this platform (see {@link #platformReport()}).
     */
    @Override
    public boolean available() {
        boolean present = Natives.present();
        if (!present && WARNED.compareAndSet(false, true)) {
            LOG.warn(Natives.describe());
        }
        return present;
    }

    /**
     * Which platform this JVM runs on and which platforms' FFmpeg natives the class path holds; when
     * the running one's are missing, why the backend is unavailable and which Maven profile builds
     * them in. Loads nothing; callable from any thread.
     */
    public static String platformReport() {
        return Natives.describe();
    }

    @Override
    public List<AudioDecoder> decoders() {
        Natives.preload();
        return DECODERS;
    }
}
