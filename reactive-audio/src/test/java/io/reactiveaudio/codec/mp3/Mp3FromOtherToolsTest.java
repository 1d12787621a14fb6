package io.reactiveaudio.codec.mp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Mp3Details;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Encoders;
import io.reactiveaudio.test.SignalAssertions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MP3s made with other settings and tools than the fixtures, generated here with Debian's
 * {@code lame} and {@code ffmpeg} (skipped, naming the package, where they are missing): frames
 * protected by a CRC ({@code lame -p}), and streams cut out of a longer one without re-encoding
 * ({@code ffmpeg -c copy}), MPEG-2 at 24 kHz. Their gapless information is read, probe gives the
 * length decoding gives, and that length is the audio's; where {@code mpg123} is the reference, the
 * samples are its samples.
 */
class Mp3FromOtherToolsTest {

    private static final int RATE = 44_100;
    private static final double SECONDS = 3;
    private static final AudioDecoders BUILT_IN = AudioDecoders.builtIn();

    @TempDir
    static Path dir;
    private static Path wav;
    private static Path whole;

    @BeforeAll
    static void encode() throws IOException {
        wav = Encoders.musicWav(dir.resolve("music.wav"), SECONDS, RATE, 2);
        whole = Encoders.lame(wav, dir.resolve("whole.mp3"), "-b", "128");
    }

    @Test
    void aCrcProtectedFileIsGaplessLikeTheSameEncodeWithoutCrc() {
        Path crc = Encoders.lame(wav, dir.resolve("crc.mp3"), "-p", "-b", "128");
        Mp3Details plain = BUILT_IN.probe(whole).mp3().orElseThrow();

        AudioInfo probed = BUILT_IN.probe(crc);
        DecodedAudio decoded = BUILT_IN.decode(crc);

        Mp3Details details = probed.mp3().orElseThrow();
        assertTrue(details.gapless(), "the LAME tag after the CRC is read");
        assertEquals(plain.encoderDelay(), details.encoderDelay());
        assertEquals(plain.padding(), details.padding());
        assertEquals(plain.mpegFrames(), details.mpegFrames(), "the Info frame is not counted as audio");
        assertEquals((long) (SECONDS * RATE), probed.frames());
        assertEquals(probed.frames(), decoded.frames());
        float[] source = BUILT_IN.decode(wav).samples();
        SignalAssertions.assertSnrAtLeast(source, decoded.samples(), 15);
    }

    @Test
    void aStreamCopiedFromTheStartEndsWhereItsFramesEndThoughItDeclaresNoPadding() {
        Path cut = Encoders.ffmpeg(dir.resolve("cut-from-start.mp3"), "-i", whole.toString(), "-t", "2", "-c", "copy");

        AudioInfo probed = BUILT_IN.probe(cut);
        DecodedAudio decoded = BUILT_IN.decode(cut);

        Mp3Details details = probed.mp3().orElseThrow();
        assertEquals(576, details.encoderDelay(), "ffmpeg's Info frame keeps the encoder delay");
        assertEquals(0, details.padding(), "and declares no padding");
        long frames = details.mpegFrames() * 1152 - 576 - Mp3PcmReader.DECODER_DELAY;
        assertEquals(frames, probed.frames());
        assertEquals(frames, decoded.frames());
        float[] wholeSamples = BUILT_IN.decode(whole).samples();
        assertArrayEquals(Arrays.copyOf(wholeSamples, decoded.samples().length), decoded.samples(),
                "the same frames decode to the same samples");
    }

    @Test
    void aStreamCopiedFromTheMiddleConcealsTheFramesWhoseBitReservoirWasCutOffAndKeepsItsLength() {
        Path cut = Encoders.ffmpeg(dir.resolve("cut-from-middle.mp3"), "-ss", "1", "-i", whole.toString(), "-t", "1.5",
                "-c", "copy");
        AudioInfo probed = BUILT_IN.probe(cut);
        Mp3Details details = probed.mp3().orElseThrow();

        long frames = 0;
        Concealment concealed;
        try (PcmReader reader = BUILT_IN.open(cut)) {
            float[] buffer = new float[2 * 4096];
            int n;
            while ((n = reader.read(buffer, 4096)) > 0) {
                frames += n;
            }
            concealed = reader.concealment();
        }

        assertEquals(details.mpegFrames() * 1152 - details.encoderDelay() - Mp3PcmReader.DECODER_DELAY, frames);
        assertEquals(probed.frames(), frames);
        assertTrue(concealed.concealedUnits() >= 1, concealed + ": the first frames refer to bytes before the cut");
        assertEquals(concealed.concealedUnits() * 1152, concealed.silentFrames());
        assertEquals(0, concealed.skippedBytes());
    }

    @Test
    void aMpeg2FileAt24KhzDecodesAsMpg123DecodesIt() throws IOException {
        Path wav24k = Encoders.musicWav(dir.resolve("music-24k.wav"), 2, 24_000, 1);
        Path mp3 = Encoders.lame(wav24k, dir.resolve("mpeg2-24k.mp3"), "-V", "4");

        float[] decoded = BUILT_IN.decode(mp3).samples();

        SignalAssertions.assertSnrAtLeast(Encoders.mpg123(mp3), decoded, 100);
    }
}
