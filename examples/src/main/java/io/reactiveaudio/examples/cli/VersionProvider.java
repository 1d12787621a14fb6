package io.reactiveaudio.examples.cli;

import io.reactiveaudio.codec.AudioDecoders;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code reactive-audio --version} prints: the version, the Java runtime, the decoder
 * backends in the order {@code --decoder auto} tries them, and the FFmpeg native libraries found
 * for this platform (their version), or that none load and why. Loading the libraries takes about
 * 0.1 s the first time; the answer is computed on each call.
 */
final class VersionProvider implements IVersionProvider {

    /** The first line of {@code --version}. */
    static final String VERSION = "reactive-audio 0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        List<String> backends = AudioDecoders.backends();
        return new String[] {VERSION,
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "decoders: " + String.join(", ", backends) + " (--decoder auto tries " + backends.get(0) + " first)",
            ffmpegNatives()};
    }

    /** {@code FFmpeg natives: 7.1 for linux-x86_64 (libavcodec 61.19.100)}, or why there are none. */
    static String ffmpegNatives() {
        String platform = Loader.getPlatform();
        try {
            Loader.load(avutil.class);
            Loader.load(avcodec.class);
            int codec = avcodec.avcodec_version();
            return String.format("FFmpeg natives: %s for %s (libavcodec %d.%d.%d)", avutil.av_version_info().getString(),
                    platform, codec >>> 16, (codec >>> 8) & 0xff, codec & 0xff);
        } catch (LinkageError | RuntimeException e) {
            return "FFmpeg natives: none load for " + platform + " (" + ReactiveAudioCli.oneLine(e) + "); the built-in "
                    + "decoders read MP3, WAV and FLAC";
        }
    }
}
