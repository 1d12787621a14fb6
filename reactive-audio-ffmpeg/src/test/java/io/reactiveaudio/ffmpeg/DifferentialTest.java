package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.test.Bytes;
import io.reactiveaudio.test.Encoders;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import io.reactiveaudio.test.WavFixtureWriter.Encoding;
import io.reactiveaudio.test.WriteSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same files decoded by the built-in decoders ({@code jlayer}), by the FFmpeg backend and by
 * Debian's reference decoders ({@code mpg123} for MP3, {@code flac -d} for FLAC): every file has
 * one length in all of them, MP3s agree to at least 100 dB signal-to-difference over that whole
 * length (so both backends trim the same encoder delay and padding as mpg123's gapless mode), and
 * WAV and FLAC decode bit for bit to the samples that were encoded.
 *
 * <p>The files are made here, from two seconds of a generated signal (the test kit's "music" with
 * clicks, which make encoders switch to short blocks), by the encoders and layouts found in the
 * wild: {@code lame} with CRCs, mono, dual channel, MPEG-2 and 2.5 rates, VBR and ABR, without an
 * Info frame; {@code ffmpeg}'s libmp3lame and its {@code -c copy} cuts; large ID3v2 pictures,
 * ID3v1 and APE tags; WAV with odd, {@code LIST} and {@code fact} chunks, RF64 and
 * WAVE_FORMAT_EXTENSIBLE; FLAC from {@code flac} and {@code ffmpeg} with seek tables and pictures.
 * A missing tool skips its cases, naming the Debian package. Each case prints its row of the table
 * in {@code docs/reliability.md}.
 */
class DifferentialTest {

    private static final double SECONDS = 2;
    private static final double MIN_MP3_SDR_DB = 100;
    private static final AudioDecoders BUILT_IN = AudioDecoders.builtIn();
    private static final AudioDecoders FFMPEG = AudioDecoders.preferring("ffmpeg");

    @TempDir
    static Path dir;

    /** Makes one test file in a folder of its own. */
    @FunctionalInterface
    interface Maker {
        Path make(Path folder) throws IOException;
    }

    static Stream<Arguments> mp3s() {
        return Stream.of(
                lame("cbr-128-joint-stereo-44k", 44_100, 2, "-b", "128"),
                lame("cbr-128-crc-44k", 44_100, 2, "-p", "-b", "128"),
                lame("cbr-320-stereo-48k", 48_000, 2, "-m", "s", "-b", "320"),
                lame("cbr-96-dual-channel-32k", 32_000, 2, "-m", "d", "-b", "96"),
                lame("cbr-64-mono-44k", 44_100, 1, "-b", "64"),
                lame("cbr-64-mono-crc-mpeg2-22k", 22_050, 1, "-p", "-b", "64"),
                lame("vbr-v2-stereo-mpeg2-22k", 22_050, 2, "-V", "2"),
                lame("vbr-v4-mono-mpeg2-24k", 24_000, 1, "-V", "4"),
                lame("cbr-64-stereo-crc-mpeg2-24k", 24_000, 2, "-p", "-b", "64"),
                lame("cbr-32-mono-mpeg2-16k", 16_000, 1, "-b", "32"),
                lame("cbr-32-stereo-mpeg2.5-12k", 12_000, 2, "-b", "32"),
                lame("cbr-32-stereo-mpeg2.5-11k", 11_025, 2, "-b", "32"),
                lame("cbr-8-mono-mpeg2.5-8k", 8_000, 1, "-b", "8"),
                lame("vbr-v0-44k", 44_100, 2, "-V", "0"),
                lame("vbr-v6-crc-44k", 44_100, 2, "-V", "6", "-p"),
                lame("abr-160-44k", 44_100, 2, "--abr", "160"),
                lame("cbr-128-no-info-frame-44k", 44_100, 2, "-t", "-b", "128"),
                Arguments.of("ffmpeg-libmp3lame-vbr-44k", (Maker) folder -> Encoders.ffmpeg(folder.resolve("f.mp3"),
                        "-i", source(folder, 44_100, 2).toString(), "-c:a", "libmp3lame", "-q:a", "2"), 44_100),
                Arguments.of("ffmpeg-copy-from-start-44k", (Maker) folder -> Encoders.ffmpeg(folder.resolve("cut.mp3"),
                        "-i", lamed(folder).toString(), "-t", "1.5", "-c", "copy"), 44_100),
                Arguments.of("id3v2-picture-300k-id3v1-44k", (Maker) folder -> tagged(folder,
                        Tags.id3v2WithPicture(300_000, 23), Tags.id3v1("picture")), 44_100),
                Arguments.of("id3v2-picture-ape-id3v1-44k", (Maker) folder -> tagged(folder,
                        Tags.id3v2WithPicture(40_000, 24), Bytes.concat(Tags.apeV2("ape"), Tags.id3v1("ape"))), 44_100),
                Arguments.of("ape-44k", (Maker) folder -> tagged(folder, new byte[0], Tags.apeV2("ape only")), 44_100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mp3s")
    void anMp3HasOneLengthAndTheSameSamplesInBothBackendsAndMpg123(String name, Maker maker, int rate)
            throws IOException {
        Path mp3 = maker.make(Files.createDirectories(dir.resolve(name)));
        assertEquals(rate, BUILT_IN.probe(mp3).sampleRate(), "the encoder kept the rate the name says");

        Decodes decodes = mp3Decodes(name, mp3);

        System.out.println(decodes.row());
        assertEquals(List.of(), decodes.disagreements(MIN_MP3_SDR_DB));
        assertProbesGive(mp3, decodes.frames("jlayer"));
    }

    /**
     * A stream cut out of a longer one without re-encoding starts with frames whose bit reservoir
     * lies before the cut. The JLayer path and mpg123 put one frame of silence in the place of the
     * first, FFmpeg decodes the second of its two granules, whose data the cut kept: the output
     * differs in that granule and in the overlap into the next frame, and agrees from the third
     * MPEG frame on. The length is the same in all three.
     */
    @Test
    void aStreamCutFromTheMiddleDiffersOnlyInTheFirstFrameWhoseBitReservoirIsMissing() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("ffmpeg-copy-from-middle-44k"));
        Path cut = Encoders.ffmpeg(folder.resolve("cut.mp3"), "-ss", "0.5", "-i", lamed(folder).toString(), "-t", "1.2",
                "-c", "copy");

        Decodes decodes = mp3Decodes("ffmpeg-copy-from-middle-44k", cut);
        Decodes settled = decodes.from(3 * 1152);

        System.out.println(decodes.row());
        System.out.println(settled.row());
        assertEquals(decodes.frames("jlayer"), decodes.frames("ffmpeg"));
        assertEquals(decodes.frames("jlayer"), decodes.frames("mpg123"));
        assertTrue(decodes.sdrDb("mpg123", "jlayer") >= MIN_MP3_SDR_DB, decodes.row());
        assertTrue(decodes.sdrDb("jlayer", "ffmpeg") < MIN_MP3_SDR_DB, "FFmpeg conceals otherwise: " + decodes.row());
        assertEquals(List.of(), settled.disagreements(MIN_MP3_SDR_DB));
    }

    static Stream<Arguments> unsupportedMp3s() {
        return Stream.of(
                Arguments.of("free-format-44k", (Maker) folder -> Encoders.lame(source(folder, 44_100, 2),
                        folder.resolve("free.mp3"), "--freeformat", "-b", "200")),
                Arguments.of("layer-2-44k", (Maker) folder -> Encoders.ffmpeg(folder.resolve("layer2.mp3"),
                        "-i", source(folder, 44_100, 2).toString(), "-c:a", "mp2", "-b:a", "192k", "-f", "mp2")));
    }

    /**
     * A stream in a variant neither backend decodes, free format (a bitrate outside the table,
     * {@code lame --freeformat}) or Layer II, is UNSUPPORTED in both with the same message, where
     * mpg123 decodes it. The FFmpeg backend finds MP3 frames with the built-in scanner; FFmpeg's own
     * demuxer rejects free format too, and its {@code mp3} reading takes Layer III alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedMp3s")
    void aVariantNeitherBackendDecodesIsUnsupportedInBothAlike(String name, Maker maker) throws IOException {
        Path mp3 = maker.make(Files.createDirectories(dir.resolve(name)));

        AudioDecodeException builtIn = assertThrows(AudioDecodeException.class, () -> BUILT_IN.decode(mp3));
        AudioDecodeException ffmpeg = assertThrows(AudioDecodeException.class, () -> FFMPEG.decode(mp3));

        assertEquals(AudioDecodeException.Kind.UNSUPPORTED, builtIn.kind(), builtIn.getMessage());
        assertEquals(builtIn.getMessage(), ffmpeg.getMessage());
        assertEquals(builtIn.getMessage(), assertThrows(AudioDecodeException.class, () -> FFMPEG.probe(mp3)).getMessage());
        assertTrue(Encoders.mpg123(mp3).length >= 2 * SECONDS * 44_100, "mpg123 decodes it");
    }

    static Stream<Arguments> wavs() {
        return Stream.of(
                wav("pcm-16", 16, WavFixtureWriter.of(Encoding.PCM_S16)),
                wav("pcm-u8", 8, WavFixtureWriter.of(Encoding.PCM_U8)),
                wav("pcm-24-extensible", 24, WavFixtureWriter.of(Encoding.PCM_S24).extensible()),
                wav("pcm-20-in-24-extensible", 20, WavFixtureWriter.of(Encoding.PCM_S24).validBits(20)),
                wav("pcm-32", 32, WavFixtureWriter.of(Encoding.PCM_S32)),
                wav("float-32-extensible", 0, WavFixtureWriter.of(Encoding.FLOAT32).extensible()),
                wav("float-64", 0, WavFixtureWriter.of(Encoding.FLOAT64)),
                wav("odd-chunks-before-fmt-and-after-data", 16,
                        WavFixtureWriter.of(Encoding.PCM_S16).oddChunkBeforeFmt().oddChunkAfterData()),
                wav("fmt-after-data", 16, WavFixtureWriter.of(Encoding.PCM_S16).fmtAfterData()),
                ffmpegWav("ffmpeg-float-32-fact-list", 2, "-c:a", "pcm_f32le", "-metadata", "title=odd"),
                ffmpegWav("ffmpeg-rf64", 2, "-c:a", "pcm_s16le", "-rf64", "always"),
                ffmpegWav("ffmpeg-pcm-24-extensible-6ch", 6, "-c:a", "pcm_s24le"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wavs")
    void aWavDecodesBitExactInBothBackends(String name, Maker maker, float[] encoded, int channels) throws IOException {
        Path file = maker.make(Files.createDirectories(dir.resolve(name)));

        Decodes decodes = Decodes.of(name, channels)
                .add("encoded", () -> encoded)
                .add("jlayer", BUILT_IN, file)
                .add("ffmpeg", FFMPEG, file);

        System.out.println(decodes.row());
        assertEquals(List.of(), decodes.disagreements(Double.POSITIVE_INFINITY));
        assertProbesGive(file, decodes.frames("jlayer"));
    }

    static Stream<Arguments> flacs() {
        return Stream.of(
                flac("flac-16-stereo-default", 44_100, 2, Encoding.PCM_S16),
                flac("flac-16-stereo-seekpoint-per-second-picture-200k", 44_100, 2, Encoding.PCM_S16, "-S", "1s",
                        "--picture", "3|image/jpeg|cover|16x16x24/0|COVER"),
                flac("flac-24-stereo-96k-8-blocksize-4608", 96_000, 2, Encoding.PCM_S24, "-8", "-b", "4608"),
                flac("flac-16-mono-16k-0-no-seektable", 16_000, 1, Encoding.PCM_S16, "-0", "--no-seektable"),
                flac("flac-24-6ch-extensible", 48_000, 6, Encoding.PCM_S24),
                Arguments.of("ffmpeg-flac-16-mono-16k", (Maker) folder -> Encoders.ffmpeg(folder.resolve("f.flac"),
                        "-i", source(folder, 16_000, 1).toString(), "-c:a", "flac", "-compression_level", "5"),
                        exact(16_000, 1, 16), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flacs")
    void aFlacDecodesBitExactInBothBackendsAndFlac(String name, Maker maker, float[] encoded, int channels)
            throws IOException {
        Path file = maker.make(Files.createDirectories(dir.resolve(name)));

        Decodes decodes = Decodes.of(name, channels)
                .add("encoded", () -> encoded)
                .add("jlayer", BUILT_IN, file)
                .add("ffmpeg", FFMPEG, file)
                .add("flac", () -> Encoders.flacDecode(file));

        System.out.println(decodes.row());
        assertEquals(List.of(), decodes.disagreements(Double.POSITIVE_INFINITY));
        assertProbesGive(file, decodes.frames("jlayer"));
    }

    /** Both backends probe the same header view of {@code file}, whose frame count is what decoding gives. */
    private static void assertProbesGive(Path file, long frames) {
        assertEquals(BUILT_IN.probe(file), FFMPEG.probe(file), "probe");
        assertEquals(frames, FFMPEG.probe(file).frames(), "the frame count probe gives");
    }

    private static Decodes mp3Decodes(String name, Path mp3) {
        return Decodes.of(name, BUILT_IN.probe(mp3).channels())
                .add("jlayer", BUILT_IN, mp3)
                .add("ffmpeg", FFMPEG, mp3)
                .add("mpg123", () -> Encoders.mpg123(mp3));
    }

    /** A case: {@code lame OPTIONS} on the source signal at {@code rate} Hz with {@code channels}. */
    private static Arguments lame(String name, int rate, int channels, String... options) {
        return Arguments.of(name, (Maker) folder -> Encoders.lame(source(folder, rate, channels),
                folder.resolve(name + ".mp3"), options), rate);
    }

    /** A 128 kbit/s 44.1 kHz stereo MP3 of the source signal. */
    private static Path lamed(Path folder) throws IOException {
        return Encoders.lame(source(folder, 44_100, 2), folder.resolve("whole.mp3"), "-b", "128");
    }

    /** {@link #lamed} with {@code prefix} before its bytes and {@code suffix} after them. */
    private static Path tagged(Path folder, byte[] prefix, byte[] suffix) throws IOException {
        byte[] audio = Files.readAllBytes(lamed(folder));
        return Files.write(folder.resolve("tagged.mp3"), Bytes.concat(prefix, audio, suffix));
    }

    /**
     * A case: the source signal written by the test kit's WAV writer, as integers of {@code bits}
     * significant bits, or as floats where {@code bits} is 0.
     */
    private static Arguments wav(String name, int bits, WavFixtureWriter writer) {
        int rate = 44_100;
        int channels = 2;
        float[] signal = signal(rate, channels);
        return Arguments.of(name, (Maker) folder -> {
            Path wav = folder.resolve(name + ".wav");
            writer.write(wav, signal, channels, rate);
            return wav;
        }, bits == 0 ? signal : WavFixtureWriter.dequantized(signal, bits), channels);
    }

    /** A case: the 16-bit source WAV rewritten by {@code ffmpeg ARGUMENTS}, which keep its samples. */
    private static Arguments ffmpegWav(String name, int channels, String... arguments) {
        int rate = 48_000;
        return Arguments.of(name, (Maker) folder -> {
            Stream<String> all = Stream.concat(Stream.of("-i", source(folder, rate, channels).toString()),
                    Stream.of(arguments));
            return Encoders.ffmpeg(folder.resolve(name + ".wav"), all.toArray(String[]::new));
        }, exact(rate, channels, 16), channels);
    }

    /** A case: {@code flac OPTIONS} on the source signal as a WAV of {@code encoding}. */
    private static Arguments flac(String name, int rate, int channels, Encoding encoding, String... options) {
        return Arguments.of(name, (Maker) folder -> {
            Path wav = folder.resolve("source.wav");
            WavFixtureWriter writer = WavFixtureWriter.of(encoding);
            (channels > 2 ? writer.extensible() : writer).write(wav, signal(rate, channels), channels, rate);
            String[] withPicture = Stream.of(options).map(o -> o.replace("COVER", cover(folder).toString()))
                    .toArray(String[]::new);
            return Encoders.flac(wav, folder.resolve(name + ".flac"), withPicture);
        }, exact(rate, channels, encoding.bits()), channels);
    }

    /** The source signal as a 16-bit WAV file. */
    private static Path source(Path folder, int rate, int channels) throws IOException {
        Path wav = folder.resolve("source.wav");
        WavFixtureWriter.of(Encoding.PCM_S16).write(wav, signal(rate, channels), channels, rate);
        return wav;
    }

    /**
     * The source signal: the test kit's seeded "music" (a chirp, three tones and noise) and a
     * click every tenth of a second, which makes MP3 encoders switch to short blocks.
     */
    private static float[] signal(int rate, int channels) {
        int frames = (int) Math.round(SECONDS * rate);
        return Signals.mix(WriteSignal.signal("music", rate, channels, frames, 7, 0.5),
                Signals.clicks(rate, channels, frames, rate / 10, 0.4));
    }

    /** What an exact decoder returns for the source signal stored as integers of {@code bits} bits. */
    private static float[] exact(int rate, int channels, int bits) {
        return WavFixtureWriter.dequantized(signal(rate, channels), bits);
    }

    /** A 200 kB file for a FLAC picture block: a JPEG start marker and seeded bytes. */
    private static Path cover(Path folder) {
        try {
            return Files.write(folder.resolve("cover.jpg"), Tags.picture(200_000, 5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
