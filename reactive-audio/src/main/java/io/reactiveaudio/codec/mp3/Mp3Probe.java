package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.audio.Mp3Details;
import io.reactiveaudio.audio.Mp3Details.BitrateMode;
import io.reactiveaudio.codec.ByteInput;
import java.util.Optional;

/**
 * What the first frames of an MP3 file say: stream parameters from the first header, counts and
 * gapless trimming from a Xing/Info/LAME tag. {@link #full} also counts the frames of a file that
 * has no tag, by walking its headers (no decoding). Not thread-safe; holds the open scanner.
 */
final class Mp3Probe {

    private final FrameScanner scanner;
    private final long firstFrame;
    private final XingTag tag;
    private final AudioInfo info;
    private final Mp3Details details;

    private Mp3Probe(FrameScanner scanner, long firstFrame, XingTag tag, AudioInfo info, Mp3Details details) {
        this.scanner = scanner;
        this.firstFrame = firstFrame;
        this.tag = tag;
        this.info = info;
        this.details = details;
    }

    /** Reads up to the first frame; the scanner stays on it for decoding. */
    static Mp3Probe start(ByteInput in) {
        FrameScanner scanner = new FrameScanner(in);
        scanner.next(true);
        FrameHeader first = scanner.header();
        XingTag tag = XingTag.find(first, scanner.frame(), scanner.frameLength());
        long mpegFrames = tag != null ? tag.frames() : -1;
        return build(in, scanner, scanner.frameOffset(), tag, first, mpegFrames, tagBitrateMode(tag, first),
                averageKbps(tag, first));
    }

    /** Like {@link #start}, and counts the frames by walking the headers when no tag gives them. */
    static Mp3Probe full(ByteInput in) {
        Mp3Probe probe = start(in);
        if (probe.details.mpegFrames() >= 0) {
            return probe;
        }
        FrameScanner scanner = probe.scanner;
        FrameHeader first = scanner.header();
        long frames = probe.firstFrameIsTag() ? 0 : 1;
        long bits = probe.firstFrameIsTag() ? 0 : (long) scanner.frameLength() * 8;
        boolean varies = false;
        while (scanner.next(false)) {
            frames++;
            bits += (long) scanner.frameLength() * 8;
            varies |= scanner.header().bitrateKbps() != first.bitrateKbps();
        }
        double seconds = (double) frames * first.samplesPerFrame() / first.sampleRate();
        int kbps = (int) Math.round(bits / seconds / 1000);
        return build(in, scanner, probe.firstFrame, probe.tag, first, frames, varies ? BitrateMode.VBR : BitrateMode.CBR,
                kbps);
    }

    private static Mp3Probe build(ByteInput in, FrameScanner scanner, long firstFrame, XingTag tag,
                                  FrameHeader first, long mpegFrames, BitrateMode mode, int kbps) {
        boolean gapless = tag != null && tag.lame();
        int delay = gapless ? tag.encoderDelay() : 0;
        int padding = gapless ? tag.padding() : 0;
        long frames = AudioInfo.UNKNOWN_FRAMES;
        if (mpegFrames >= 0) {
            frames = Math.max(0, mpegFrames * first.samplesPerFrame() - delay - endTrim(gapless, padding));
        }
        Mp3Details details = new Mp3Details(first.mpegVersion(), 3, mode, kbps, delay, padding, gapless, mpegFrames);
        AudioInfo info = new AudioInfo(in.path(), Codec.MP3, first.sampleRate(), first.channels(), frames, 0,
                Optional.of(details));
        return new Mp3Probe(scanner, firstFrame, tag, info, details);
    }

    /**
     * Samples the decoded stream lacks at its end, against {@code frames × samples_per_frame}: the
     * padding, but never less than the decoder's own delay, because output starts that much late
     * and the stream ends with its last frame. An encoder pads at least that much (LAME does); a
     * stream cut with {@code ffmpeg -c copy} declares a padding of 0, and mpg123 and FFmpeg
     * then end {@link Mp3PcmReader#DECODER_DELAY} samples before {@code frames × samples_per_frame
     * − delay}, as this count does. Without gapless information nothing is trimmed.
     */
    private static int endTrim(boolean gapless, int padding) {
        return gapless ? Math.max(padding, Mp3PcmReader.DECODER_DELAY) : 0;
    }

    private static BitrateMode tagBitrateMode(XingTag tag, FrameHeader first) {
        return tag != null ? tag.bitrateMode() : BitrateMode.CBR;
    }

    private static int averageKbps(XingTag tag, FrameHeader first) {
        if (tag == null || tag.bitrateMode() == BitrateMode.CBR || tag.frames() <= 0 || tag.bytes() <= 0) {
            return first.bitrateKbps();
        }
        double seconds = (double) tag.frames() * first.samplesPerFrame() / first.sampleRate();
        return (int) Math.round(tag.bytes() * 8 / seconds / 1000);
    }

    FrameScanner scanner() {
        return scanner;
    }

    /** Byte offset of the first frame (the Xing/Info frame where there is one). */
    long firstFrame() {
        return firstFrame;
    }

    /** True when the first frame is a Xing/Info tag, not audio. */
    boolean firstFrameIsTag() {
        return tag != null;
    }

    AudioInfo info() {
        return info;
    }

    Mp3Details details() {
        return details;
    }
}
