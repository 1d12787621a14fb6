package io.reactiveaudio.audio;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a file holds, read from its headers without decoding the audio.
 *
 * @param path the file
 * @param codec the format recognised from the content
 * @param sampleRate samples per second per channel, in Hz
 * @param channels number of interleaved channels (1 or more)
 * @param frames number of sample frames (one frame = one sample per channel) the headers give,
 *     which an intact file decodes to, or {@link #UNKNOWN_FRAMES} where the headers do not tell;
 *     a damaged or cut file may decode to fewer (see {@code PcmReader#info()})
 * @param bitsPerSample bits per sample of the source PCM (WAV, FLAC), or 0 for lossy formats
 * @param mp3 MPEG details, present for {@link Codec#MP3} only
 */
public record AudioInfo(Path path, Codec codec, int sampleRate, int channels, long frames,
                        int bitsPerSample, Optional<Mp3Details> mp3) {

    /** Marks an unknown frame count. */
    public static final long UNKNOWN_FRAMES = -1;

    /** Validates the fields. */
    public AudioInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(mp3, "mp3");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        if (frames < UNKNOWN_FRAMES) {
            throw new IllegalArgumentException("frames must be >= 0 or UNKNOWN_FRAMES: " + frames);
        }
    }

    /** True when the headers give {@link #frames()}. */
    public boolean framesKnown() {
        return frames != UNKNOWN_FRAMES;
    }

    /** Duration in seconds ({@code frames / sampleRate}), or NaN when the frame count is unknown. */
    public double durationSeconds() {
        return framesKnown() ? (double) frames / sampleRate : Double.NaN;
    }

    /** A copy with another frame count (used once decoding has counted them). */
    public AudioInfo withFrames(long exactFrames) {
        return new AudioInfo(path, codec, sampleRate, channels, exactFrames, bitsPerSample, mp3);
    }
}
