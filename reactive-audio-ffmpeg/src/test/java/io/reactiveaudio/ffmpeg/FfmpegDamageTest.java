package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and oddly laid out files never hang the FFmpeg backend, never succeed without audio, and
 * read as the built-in decoders read them: same length, same samples (to 100 dB for MP3, bit for
 * bit for WAV), same error.
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
