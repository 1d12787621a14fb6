package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FFmpeg decodes every format of the fixtures into the float32 chunks the built-in decoders give. */
class FfmpegDecoderTest {

    private static final AudioDecoders FFMPEG = AudioDecoders.preferring("ffmpeg");
    private static final float LSB16 = 1f / 32768;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sine-22050-stereo.wav,  WAV,    22050, 2, 22050",
        "sine-44100-stereo.flac, FLAC,   44100, 2, 44100",
        "sine-44100-stereo.mp3,  MP3,    44100, 2, 44100",
        "sine-44100-stereo.m4a,  AAC,    44100, 2, 44100",
        // ADTS has no edit list: the encoder's 1024 frames of priming and the last frame's padding stay
        "sine-44100-stereo.aac,  AAC,    44100, 2, 46080",
        "sine-48000-stereo.opus, OPUS,   48000, 2, 48000",
        // FFmpeg (5.1 and 7.1 alike) ends Ogg Vorbis 256 frames early here; libvorbisfile gives 22050
        "sine-22050-mono.ogg,    VORBIS, 22050, 1, 21794",
    })
    void eachFormatDecodesAtItsOwnRateChannelsAndLength(String name, Codec codec, int rate, int channels, int frames) {
        DecodedAudio audio = FFMPEG.decode(FfmpegFixture.path(name));

        assertEquals(codec, audio.info().codec());
        assertEquals(rate, audio.info().sampleRate());
        assertEquals(channels, audio.info().channels());
        assertEquals(frames, audio.frames());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sine-22050-stereo.wav, 22050", "sine-44100-stereo.flac, 44100"})
    void losslessFormatsHoldTheSignalToWithinOne16BitStepAndMatchTheBuiltInDecoderBitForBit(String name, int rate) {
        Path file = FfmpegFixture.path(name);
        float[] decoded = FFMPEG.decode(file).samples();
        float[] expected = FfmpegFixture.signal(rate, 2, rate);

        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(decoded[i] - expected[i]) <= LSB16, "sample " + i + ": " + decoded[i] + " vs " + expected[i]);
        }
        assertArrayEquals(AudioDecoders.builtIn().decode(file).samples(), decoded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sine-44100-stereo.mp3,  44100, 2, 20",
        "sine-44100-stereo.m4a,  44100, 2, 20",
        "sine-48000-stereo.opus, 48000, 2, 10",
        "sine-22050-mono.ogg,    22050, 1, 20",
    })
    void lossyFormatsStartOnTheSignalWithTheEncoderDelayTrimmed(String name, int rate, int channels, double minDb) {
        float[] decoded = FFMPEG.decode(FfmpegFixture.path(name)).samples();
        float[] expected = FfmpegFixture.signal(rate, channels, decoded.length / channels);

        double sdr = FfmpegFixture.sdrDb(expected, decoded);
        assertTrue(sdr >= minDb, name + ": " + sdr + " dB");
    }

    @Test
    void rawAdtsHoldsTheM4aSamplesBehindTheEncodersPriming() {
        float[] m4a = FFMPEG.decode(FfmpegFixture.path("sine-44100-stereo.m4a")).samples();
        float[] adts = FFMPEG.decode(FfmpegFixture.path("sine-44100-stereo.aac")).samples();

        assertArrayEquals(m4a, Arrays.copyOfRange(adts, 2 * 1024, 2 * 1024 + m4a.length));
    }

    @Test
    void gaplessMp3HasTheJLayerPathsFrameCountAndSamplesTo100Db() {
        Path file = FfmpegFixture.path("sine-44100-stereo.mp3");
        DecodedAudio jlayer = AudioDecoders.builtIn().decode(file);
        DecodedAudio ffmpeg = FFMPEG.decode(file);

        assertEquals(jlayer.frames(), ffmpeg.frames());
        assertEquals(jlayer.info(), ffmpeg.info());
        double sdr = FfmpegFixture.sdrDb(jlayer.samples(), ffmpeg.samples());
        assertTrue(sdr >= 100, sdr + " dB");
    }

    @Test
    void probeReadsTheHeadersLikeTheBuiltInDecodersForMp3WavAndFlac() {
        for (String name : new String[] {"sine-44100-stereo.mp3", "sine-22050-stereo.wav", "sine-44100-stereo.flac"}) {
            Path file = FfmpegFixture.path(name);
            assertEquals(AudioDecoders.builtIn().probe(file), FFMPEG.probe(file), name);
        }
        AudioInfo opus = FFMPEG.probe(FfmpegFixture.path("sine-48000-stereo.opus"));
        assertEquals(Codec.OPUS, opus.codec());
        assertEquals(AudioInfo.UNKNOWN_FRAMES, opus.frames());
    }

    @Test
    void smallOddReadsGiveTheSameSamplesAsOneWholeDecode() {
        Path file = FfmpegFixture.path("sine-44100-stereo.m4a");
        float[] whole = FFMPEG.decode(file).samples();
        float[] pieces = new float[whole.length];
        int at = 0;
        try (PcmReader reader = FFMPEG.open(file)) {
            float[] buffer = new float[2 * 1000];
            int ask = 1;
            int n;
            while ((n = reader.read(buffer, ask)) > 0) {
                System.arraycopy(buffer, 0, pieces, at, n * 2);
                at += n * 2;
                ask = ask % 997 + 7;
            }
        }
        assertEquals(whole.length, at);
        assertArrayEquals(whole, pieces);
    }

    @Test
    void aTruncatedMp3GivesItsCompleteFramesThenTruncatedNamingTheFile() {
        Path file = FfmpegFixture.path("sine-44100-stereo-truncated.mp3");
        float[] full = FFMPEG.decode(FfmpegFixture.path("sine-44100-stereo.mp3")).samples();
        try (PcmReader reader = FFMPEG.open(file)) {
            float[] buffer = new float[2 * 4096];
            long frames = 0;
            AudioDecodeException e = null;
            while (e == null) {
                try {
                    int n = reader.read(buffer, 4096);
                    assertTrue(n > 0, "no end of stream before the error");
                    assertArrayEquals(Arrays.copyOfRange(full, (int) frames * 2, (int) (frames + n) * 2),
                            Arrays.copyOf(buffer, n * 2));
                    frames += n;
                } catch (AudioDecodeException thrown) {
                    e = thrown;
                }
            }
            assertEquals(Kind.TRUNCATED, e.kind());
            assertEquals(file, e.path());
            assertTrue(frames > 20_000, frames + " frames before the error");
        }
    }

    @Test
    void aDamagedStreamIsAnAudioDecodeExceptionNamingTheFileNotACrash(@TempDir Path dir) throws IOException {
        byte[] opus = Files.readAllBytes(FfmpegFixture.path("sine-48000-stereo.opus"));
        Path headerOnly = dir.resolve("header-only.opus");
        Files.write(headerOnly, Arrays.copyOf(opus, 60));

        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> FFMPEG.decode(headerOnly));
        assertEquals(headerOnly, e.path());
    }

    @Test
    void aMissingFileIsUnreadable(@TempDir Path dir) {
        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> new FfmpegDecoder(Codec.OPUS).open(io.reactiveaudio.codec.ByteInput.open(dir.resolve("gone.opus"))));
        assertEquals(Kind.UNREADABLE, e.kind());
    }

    @Test
    void closingTwiceIsHarmlessAndReadingAfterCloseFails() {
        PcmReader reader = FFMPEG.open(FfmpegFixture.path("sine-22050-mono.ogg"));
        reader.close();
        reader.close();
        assertThrows(IllegalStateException.class, () -> reader.read(new float[16], 16));
    }
}
