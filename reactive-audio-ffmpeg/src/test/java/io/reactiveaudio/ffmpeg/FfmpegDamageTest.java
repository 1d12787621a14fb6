package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DamagedRegion;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import io.reactiveaudio.test.Bytes;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and oddly laid out files never hang the FFmpeg backend, never succeed without audio, and
 * read as the built-in decoders read them: same length, same samples (to 100 dB for MP3, bit for
 * bit for WAV), same error, and for damaged MP3 frames the same concealment, in the same places.
 */
class FfmpegDamageTest {

    private static final AudioDecoders FFMPEG = AudioDecoders.preferring("ffmpeg");
    private static final AudioDecoders BUILT_IN = AudioDecoders.builtIn();
    private static final Duration NO_HANG = Duration.ofSeconds(10);
    private static final Path MP3 = FfmpegFixture.path("sine-44100-stereo.mp3");

    @TempDir
    Path dir;

    @Test
    void anId3v2TagWhoseSizeIsNotSyncsafeIsPassedOverAndTheFramesBehindItDecode() throws IOException {
        byte[] badTag = {'I', 'D', '3', 3, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] tagBody = "TIT2 a title the size field no longer covers".getBytes(StandardCharsets.US_ASCII);
        Path damaged = Files.write(dir.resolve("bad-id3-size.mp3"),
                Bytes.concat(badTag, tagBody, Files.readAllBytes(MP3)));
        DecodedAudio expected = FFMPEG.decode(MP3);

        DecodedAudio decoded = assertTimeoutPreemptively(NO_HANG, () -> FFMPEG.decode(damaged));

        assertEquals(expected.info().mp3(), decoded.info().mp3());
        assertEquals(expected.frames(), decoded.frames());
        double sdr = FfmpegFixture.sdrDb(expected.samples(), decoded.samples());
        assertTrue(sdr >= 100, sdr + " dB: the stream starts at the Info frame, so FFmpeg trims as before");
    }

    @Test
    void aFrameWhoseHeaderIsLostIsSkippedInWholeFramesTheNextConcealedAndNoMoreThanTheSkippedAudioLost()
            throws IOException {
        byte[] clean = Files.readAllBytes(MP3);
        int frame6 = frameOffset(clean, 6);
        byte[] damaged = clean.clone();
        Arrays.fill(damaged, frame6, frame6 + 4, (byte) 0);
        Path file = Files.write(dir.resolve("lost-header.mp3"), damaged);
        long cleanFrames = FFMPEG.decode(MP3).frames();

        for (AudioDecoders backend : List.of(FFMPEG, BUILT_IN)) {
            Read read = read(backend, file);

            List<DamagedRegion> regions = read.concealment().regions();
            assertEquals(List.of(DamagedRegion.Kind.SKIPPED_BYTES, DamagedRegion.Kind.CONCEALED_UNIT),
                    regions.stream().map(DamagedRegion::kind).toList(), backend + ": " + regions);
            assertEquals(frame6, regions.get(0).fromByte(), "damage starts at the lost header");
            long resumedAt = regions.get(0).toByte();
            int framesSkipped = framesBetween(clean, frame6, resumedAt);
            assertTrue(framesSkipped >= 1, backend + " resumes at a frame: " + regions);
            assertEquals(resumedAt, regions.get(1).fromByte(), "the frame after the skip is concealed (its bit"
                    + " reservoir lay in the skipped bytes)");
            long frames = read.audio().frames();
            assertTrue(frames < cleanFrames && frames >= cleanFrames - 1152L * framesSkipped,
                    backend + ": shorter, by no more than the frames skipped (" + framesSkipped + "): " + frames);
        }
    }

    @Test
    void garbageBetweenFramesIsCountedAndPlacedAsTheBuiltInDecoderDoesAndTheAudioIsIntact() throws IOException {
        byte[] clean = Files.readAllBytes(MP3);
        int frame10 = frameOffset(clean, 10);
        Path file = Files.write(dir.resolve("garbage.mp3"), Bytes.concat(Arrays.copyOf(clean, frame10), new byte[300],
                Arrays.copyOfRange(clean, frame10, clean.length)));

        Read ffmpeg = read(FFMPEG, file);

        assertEquals(read(BUILT_IN, file).concealment(), ffmpeg.concealment());
        assertEquals(new Concealment(300, 0, 0, List.of(new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, frame10,
                frame10 + 300, ffmpeg.concealment().regions().get(0).atFrame(), 0))), ffmpeg.concealment());
        double sdr = FfmpegFixture.sdrDb(FFMPEG.decode(MP3).samples(), ffmpeg.audio().samples());
        assertTrue(sdr >= 100, sdr + " dB: the frames decode as without the garbage");
    }

    @Test
    void aFrameTheDecoderRejectsBecomesSilenceOfItsLengthCountedInsteadOfAFailure() throws IOException {
        byte[] clean = Files.readAllBytes(MP3);
        int frame6 = frameOffset(clean, 6);
        byte[] damaged = clean.clone();
        damaged[frame6 + 8] = (byte) 0xFF;
        damaged[frame6 + 9] |= (byte) 0x80;
        Path file = Files.write(dir.resolve("big-values.mp3"), damaged);

        Read ffmpeg = assertTimeoutPreemptively(NO_HANG, () -> read(FFMPEG, file));

        assertEquals(FFMPEG.decode(MP3).frames(), ffmpeg.audio().frames(), "the concealed frame keeps its place");
        DamagedRegion concealed = ffmpeg.concealment().regions().get(0);
        assertEquals(DamagedRegion.Kind.CONCEALED_UNIT, concealed.kind());
        assertEquals(frame6, concealed.fromByte());
        assertEquals(frameOffset(clean, 7), concealed.toByte());
        int channels = ffmpeg.audio().info().channels();
        float[] silence = Arrays.copyOfRange(ffmpeg.audio().samples(), (int) concealed.atFrame() * channels,
                (int) (concealed.atFrame() + concealed.silentFrames()) * channels);
        assertArrayEquals(new float[silence.length], silence);
        assertEquals(ffmpeg.concealment().concealedUnits() * concealed.silentFrames(),
                ffmpeg.concealment().silentFrames());
    }

    @Test
    void anMp3CutInsideAFrameFailsTruncatedAtThatFrameAsTheBuiltInDecoderSays() {
        Path cut = FfmpegFixture.path("sine-44100-stereo-truncated.mp3");

        AudioDecodeException builtIn = assertThrows(AudioDecodeException.class, () -> BUILT_IN.decode(cut));
        AudioDecodeException ffmpeg = assertThrows(AudioDecodeException.class, () -> FFMPEG.decode(cut));

        assertEquals(Kind.TRUNCATED, ffmpeg.kind());
        assertEquals(builtIn.byteOffset(), ffmpeg.byteOffset());
        assertEquals(builtIn.reason(), ffmpeg.reason());
    }

    @Test
    void anM4aWhoseSampleSizeTableCountsNoSamplesIsEmptyNotASuccessWithoutAudio() throws IOException {
        byte[] m4a = Files.readAllBytes(FfmpegFixture.path("sine-44100-stereo.m4a"));
        int stsz = Bytes.indexOf(m4a, "stsz");
        ByteBuffer.wrap(m4a).putInt(stsz + 12, 0);
        Path file = Files.write(dir.resolve("no-samples.m4a"), m4a);

        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> FFMPEG.decode(file));

        assertEquals(Kind.EMPTY, e.kind());
        assertEquals(file, e.path());
    }

    @Test
    void aWavWithAnEmptyDataChunkInFrontOfTheRealOneGivesTheRealSamples() throws IOException {
        byte[] wav = pcmWav();
        int data = Bytes.indexOf(wav, "data");
        Path file = Files.write(dir.resolve("empty-data-first.wav"),
                Bytes.concat(Arrays.copyOf(wav, data), chunkHeader("data", 0), Arrays.copyOfRange(wav, data, wav.length)));

        DecodedAudio decoded = FFMPEG.decode(file);

        assertEquals(22_050, decoded.frames());
        assertArrayEquals(BUILT_IN.decode(file).samples(), decoded.samples());
    }

    @Test
    void aWavWithASecondFmtChunkAndAnEmptyDataChunkAfterTheSamplesGivesTheSamplesTheFirstFmtDescribes()
            throws IOException {
        byte[] wav = pcmWav();
        int data = Bytes.indexOf(wav, "data");
        byte[] otherFmt = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).put(chunkHeader("fmt ", 16))
                .putShort((short) 1).putShort((short) 1).putInt(8_000).putInt(16_000).putShort((short) 2)
                .putShort((short) 16).array();
        Path file = Files.write(dir.resolve("two-fmt.wav"), Bytes.concat(Arrays.copyOf(wav, data), otherFmt,
                Arrays.copyOfRange(wav, data, wav.length), chunkHeader("data", 0)));

        DecodedAudio decoded = FFMPEG.decode(file);

        assertEquals(22_050, decoded.info().sampleRate());
        assertEquals(2, decoded.info().channels());
        assertArrayEquals(BUILT_IN.decode(file).samples(), decoded.samples());
    }

    /** A file read to its end with its reader's concealment. */
    private record Read(DecodedAudio audio, Concealment concealment) {
    }

    private static Read read(AudioDecoders decoders, Path file) {
        try (PcmReader reader = decoders.open(file)) {
            return new Read(AudioDecoders.readAll(reader), reader.concealment());
        }
    }

    /**
     * Byte offset of the {@code n}-th MPEG frame (0 = the first, the Info frame where there is
     * one), walking the headers from the first header that another confirms.
     */
    private static int frameOffset(byte[] mp3, int n) {
        int at = 0;
        while (Mp3Decoder.frameBytes(word(mp3, at)) < 0
                || Mp3Decoder.frameBytes(word(mp3, at + Mp3Decoder.frameBytes(word(mp3, at)))) < 0) {
            at++;
        }
        for (int i = 0; i < n; i++) {
            at += Mp3Decoder.frameBytes(word(mp3, at));
        }
        return at;
    }

    /** Whole frames from {@code from} (a frame's offset) up to {@code to}, which must be a frame's offset. */
    private static int framesBetween(byte[] mp3, long from, long to) {
        int frames = 0;
        long at = from;
        while (at < to) {
            at += Mp3Decoder.frameBytes(word(mp3, (int) at));
            frames++;
        }
        assertEquals(to, at, "a frame's offset");
        return frames;
    }

    private static int word(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).getInt();
    }

    /** One second of a 22.05 kHz stereo sine as 16-bit PCM, in the canonical layout. */
    private static byte[] pcmWav() {
        return WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16)
                .toBytes(Signals.sine(22_050, 2, 22_050, 440, 0.5), 2, 22_050);
    }

    private static byte[] chunkHeader(String id, int size) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put(id.getBytes(StandardCharsets.US_ASCII))
                .putInt(size).array();
    }
}
