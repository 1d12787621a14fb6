package io.reactiveaudio.codec.flac;

import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.WavFixtureWriter;
import io.reactiveaudio.test.WriteSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A FLAC file made by {@code src/test/fixtures/make-flac-fixtures.sh}, with the parameters of the
 * signal it was encoded from, so a test can rebuild the exact samples a decoder must return.
 *
 * @param file name in {@code fixtures/flac/}
 * @param bits significant bits per sample (the valid bits, where the WAV had fewer than its container)
 */
record FlacFixture(String file, String kind, int rate, int channels, double seconds, int bits, long seed,
                   double amplitude) {

    /** The 16-bit stereo fixture the truncated, flipped and ID3v2 variants are made from. */
    static final FlacFixture MUSIC = new FlacFixture("s16-stereo-44100-music.flac", "music", 44_100, 2, 0.25, 16, 1, 0.5);

    /** Every fixture encoded from a signal, as the script's table lists them. */
    static final List<FlacFixture> ENCODED = List.of(
            MUSIC,
            new FlacFixture("u8-mono-22050-chirp.flac", "chirp", 22_050, 1, 0.2, 8, 2, 0.5),
            new FlacFixture("s24-stereo-96000-music.flac", "music", 96_000, 2, 0.1, 24, 3, 0.5),
            new FlacFixture("s20-stereo-48000-music.flac", "music", 48_000, 2, 0.1, 20, 4, 0.5),
            new FlacFixture("s12-mono-16000-music.flac", "music", 16_000, 1, 0.2, 12, 5, 0.5),
            new FlacFixture("s32-stereo-44100-music.flac", "music", 44_100, 2, 0.1, 32, 6, 0.5),
            new FlacFixture("s16-3ch-32000-chirp.flac", "chirp", 32_000, 3, 0.1, 16, 7, 0.5),
            new FlacFixture("s16-6ch-48000-music.flac", "music", 48_000, 6, 0.1, 16, 8, 0.5),
            new FlacFixture("s16-8ch-48000-music.flac", "music", 48_000, 8, 0.1, 16, 9, 0.5),
            new FlacFixture("s16-stereo-44100-b192.flac", "music", 44_100, 2, 0.1, 16, 10, 0.5),
            new FlacFixture("s16-stereo-44100-lpc32.flac", "music", 44_100, 2, 0.1, 16, 10, 0.5),
            new FlacFixture("s16-stereo-44100-fixed.flac", "music", 44_100, 2, 0.25, 16, 11, 0.5),
            new FlacFixture("s16-mono-11025-b100.flac", "music", 11_025, 1, 0.1, 16, 12, 0.5),
            new FlacFixture("s16-stereo-12000-b1000.flac", "music", 12_000, 2, 0.2, 16, 13, 0.5),
            new FlacFixture("s16-mono-37800-noise.flac", "noise", 37_800, 1, 0.1, 16, 14, 1.0),
            new FlacFixture("s16-stereo-44100-clicks.flac", "clicks", 44_100, 2, 0.3, 16, 15, 0.5),
            new FlacFixture("s16-stereo-44100-tagged.flac", "music", 44_100, 2, 0.1, 16, 16, 0.5));

    /** Sample frames in the fixture, computed as WriteSignal does. */
    int frames() {
        return (int) Math.round(seconds * rate);
    }

    /** The interleaved samples an exact decoder returns. */
    float[] expected() {
        return WavFixtureWriter.dequantized(WriteSignal.signal(kind, rate, channels, frames(), seed, amplitude), bits);
    }

    Path path() {
        return path(file);
    }

    @Override
    public String toString() {
        return file;
    }

    /** A file in {@code fixtures/flac/}. */
    static Path path(String name) {
        try {
            return Path.of(FlacFixture.class.getResource("/fixtures/flac/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a file in {@code fixtures/flac/}. */
    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Start offsets of the frames of {@link #MUSIC}, from {@code flac --analyze} ({@code frames.txt}). */
    static long[] musicFrameOffsets() {
        try {
            return Files.readAllLines(path("frames.txt")).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields[0].equals(MUSIC.file()))
                    .mapToLong(fields -> Long.parseLong(fields[2]))
                    .toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a file with the decoder under test. */
    static PcmReader open(Path file) {
        return new FlacDecoder().open(ByteInput.open(file));
    }

    /** Reads a reader to its end in reads of at most {@code chunk} frames. */
    static float[] readAll(PcmReader reader, int chunk) {
        int channels = reader.info().channels();
        float[] buffer = new float[chunk * channels];
        float[] all = new float[0];
        int frames = 0;
        int n;
        while ((n = reader.read(buffer, chunk)) > 0) {
            if (all.length < (frames + n) * channels) {
                all = Arrays.copyOf(all, Math.max(2 * all.length, (frames + n) * channels));
            }
            System.arraycopy(buffer, 0, all, frames * channels, n * channels);
            frames += n;
        }
        return Arrays.copyOf(all, frames * channels);
    }

    /** An ID3v2.4 tag whose body is {@code bodyLength} zero bytes, with an optional footer. */
    static byte[] id3v2Tag(int bodyLength, boolean footer) {
        byte[] header = {'I', 'D', '3', 4, 0, (byte) (footer ? 0x10 : 0), 0, 0, (byte) (bodyLength >> 7),
            (byte) (bodyLength & 0x7F)};
        byte[] tag = Arrays.copyOf(header, 10 + bodyLength + (footer ? 10 : 0));
        if (footer) {
            System.arraycopy(new byte[] {'3', 'D', 'I'}, 0, tag, 10 + bodyLength, 3);
            System.arraycopy(header, 3, tag, 13 + bodyLength, 7);
        }
        return tag;
    }

    /** The parts one after the other. */
    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
