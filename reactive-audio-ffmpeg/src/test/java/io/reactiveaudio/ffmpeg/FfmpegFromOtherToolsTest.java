package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.test.Encoders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MP3s made with other settings and tools than the fixtures, generated here with Debian's
 * {@code lame} and {@code ffmpeg} (skipped, naming the package, where they are missing), decode
 * with the FFmpeg backend to what the built-in decoder gives: the same length and the same
 * samples to 100 dB. A frame count from the headers is a hint, never a reason to fail.
 */
class FfmpegFromOtherToolsTest {

    private static final AudioDecoders FFMPEG = AudioDecoders.preferring("ffmpeg");
    private static final AudioDecoders BUILT_IN = AudioDecoders.builtIn();

    @TempDir
    Path dir;

    @Test
    void aCrcProtectedFileDecodesGaplessLikeTheBuiltInDecoder() throws IOException {
        Path crc = Encoders.lame(music(), dir.resolve("crc.mp3"), "-p", "-b", "128");

        assertEquals(BUILT_IN.probe(crc), FFMPEG.probe(crc));
        assertSameAudio(BUILT_IN.decode(crc), FFMPEG.decode(crc), 100);
        assertEquals(3 * 44_100, FFMPEG.decode(crc).frames());
    }

    @Test
    void aStreamCopiedFromTheStartDecodesToTheLengthItsFramesHold() throws IOException {
        Path whole = Encoders.lame(music(), dir.resolve("whole.mp3"), "-b", "128");
        Path cut = Encoders.ffmpeg(dir.resolve("cut-from-start.mp3"), "-i", whole.toString(), "-t", "2", "-c", "copy");

        assertSameAudio(BUILT_IN.decode(cut), FFMPEG.decode(cut), 100);
    }

    @Test
    void aStreamCopiedFromTheMiddleDecodesToTheLengthItsFramesHold() throws IOException {
        Path whole = Encoders.lame(music(), dir.resolve("whole.mp3"), "-b", "128");
        Path cut = Encoders.ffmpeg(dir.resolve("cut-from-middle.mp3"), "-ss", "1", "-i", whole.toString(), "-t", "1.5",
                "-c", "copy");

        DecodedAudio builtIn = BUILT_IN.decode(cut);
        DecodedAudio ffmpeg = FFMPEG.decode(cut);

        assertEquals(builtIn.frames(), ffmpeg.frames());
        int settled = 4 * 1152 * 2;
        double sdr = FfmpegFixture.sdrDb(Arrays.copyOfRange(builtIn.samples(), settled, builtIn.samples().length),
                Arrays.copyOfRange(ffmpeg.samples(), settled, ffmpeg.samples().length));
        assertTrue(sdr >= 100, sdr + " dB once the bit reservoir the cut lost has filled again");
    }

    /** Three seconds of the test kit's music signal, 44.1 kHz stereo, as a WAV file to encode. */
    private Path music() throws IOException {
        return Encoders.musicWav(dir.resolve("music.wav"), 3, 44_100, 2);
    }

    private static void assertSameAudio(DecodedAudio expected, DecodedAudio actual, double minDb) {
        assertEquals(expected.frames(), actual.frames(), "frames");
        double sdr = FfmpegFixture.sdrDb(expected.samples(), actual.samples());
        assertTrue(sdr >= minDb, sdr + " dB");
    }
}
