package io.reactiveaudio.codec.mp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Mp3Details;
import io.reactiveaudio.audio.Mp3Details.BitrateMode;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.Fixtures;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.SignalAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MP3 decoder reproduces {@code mpg123 --float} (gapless): same frame count, at least 100 dB
 * signal-to-difference, on every kind of fixture (see {@code src/test/fixtures/make-mp3-fixtures.sh}).
 */
class Mp3DecoderTest {

    private final Mp3Decoder decoder = new Mp3Decoder();

    @ParameterizedTest
    @ValueSource(strings = {"cbr128_stereo_44k", "vbr_v2_stereo_44k", "cbr64_mono_44k", "mpeg2_cbr32_mono_16k",
            "mpeg25_vbr_mono_8k", "notag_cbr128_stereo_44k"})
    void decodesLikeMpg123(String name) {
        float[] reference = Fixtures.readF32("mp3/" + name + ".mpg123.f32");
        DecodedAudio ours = decode("mp3/" + name + ".mp3");

        assertEquals(reference.length / ours.info().channels(), ours.frames(), "frame count");
        SignalAssertions.assertSnrAtLeast(reference, ours.samples(), 100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cbr128_stereo_44k", "vbr_v2_stereo_44k", "cbr64_mono_44k", "mpeg2_cbr32_mono_16k",
            "mpeg25_vbr_mono_8k", "notag_cbr128_stereo_44k", "tags_cbr128_stereo_44k"})
    void probeCountsExactlyTheFramesDecodingEmits(String name) {
        AudioInfo probed = probe("mp3/" + name + ".mp3");
        assertEquals(decode("mp3/" + name + ".mp3").frames(), probed.frames());
    }

    @Test
    void probeReadsTheLameTagOfAConstantBitrateFile() {
        AudioInfo info = probe("mp3/cbr128_stereo_44k.mp3");
        Mp3Details mp3 = info.mp3().orElseThrow();

        assertEquals(44_100, info.sampleRate());
        assertEquals(2, info.channels());
        assertEquals(17_640, info.frames(), "0.4 s at 44.1 kHz, delay and padding trimmed");
        assertEquals("1", mp3.mpegVersion());
        assertEquals(BitrateMode.CBR, mp3.bitrateMode());
        assertEquals(128, mp3.bitrateKbps());
        assertEquals(576, mp3.encoderDelay());
        assertTrue(mp3.gapless());
        assertEquals(mp3.mpegFrames() * 1152 - 576 - mp3.padding(), info.frames());
    }

    @Test
    void probeSeesVariableBitrate() {
        Mp3Details mp3 = probe("mp3/vbr_v2_stereo_44k.mp3").mp3().orElseThrow();
        assertEquals(BitrateMode.VBR, mp3.bitrateMode());
        assertTrue(mp3.bitrateKbps() > 32 && mp3.bitrateKbps() < 320, "average bitrate " + mp3.bitrateKbps());
    }

    @Test
    void probeOfLowSampleRateFilesNamesTheirMpegVersion() {
        AudioInfo mpeg2 = probe("mp3/mpeg2_cbr32_mono_16k.mp3");
        AudioInfo mpeg25 = probe("mp3/mpeg25_vbr_mono_8k.mp3");

        assertEquals("2", mpeg2.mp3().orElseThrow().mpegVersion());
        assertEquals(16_000, mpeg2.sampleRate());
        assertEquals(1, mpeg2.channels());
        assertEquals("2.5", mpeg25.mp3().orElseThrow().mpegVersion());
        assertEquals(8_000, mpeg25.sampleRate());
        assertEquals(3_200, mpeg25.frames());
    }

    @Test
    void withoutLameTagNothingIsTrimmed() {
        AudioInfo info = probe("mp3/notag_cbr128_stereo_44k.mp3");
        Mp3Details mp3 = info.mp3().orElseThrow();

        assertFalse(mp3.gapless());
        assertEquals(mp3.mpegFrames() * 1152, info.frames());
    }

    @Test
    void id3v2WithLargePictureApeAndId3v1TagsAreSkipped() {
        assertArrayEquals(decode("mp3/cbr128_stereo_44k.mp3").samples(),
                decode("mp3/tags_cbr128_stereo_44k.mp3").samples());
    }

    @Test
    void garbageBetweenFramesIsPassedOver() {
        assertArrayEquals(decode("mp3/cbr128_stereo_44k.mp3").samples(),
                decode("mp3/garbage_cbr128_stereo_44k.mp3").samples());
    }

    @Test
    void truncatedFileYieldsItsCompleteFramesThenReportsTheCutFrame() {
        float[] clean = decode("mp3/cbr128_stereo_44k.mp3").samples();
        float[] buffer = new float[100_000 * 2];
        try (PcmReader reader = decoder.open(ByteInput.open(Fixtures.path("mp3/truncated_cbr128_stereo_44k.mp3")))) {
            int frames = reader.read(buffer, 100_000);
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> reader.read(buffer, 100_000));

            assertEquals(11 * 1152 - 576 - Mp3PcmReader.DECODER_DELAY, frames, "11 complete audio frames");
            assertArrayEquals(Arrays.copyOf(clean, frames * 2), Arrays.copyOf(buffer, frames * 2));
            assertEquals(Kind.TRUNCATED, e.kind());
            assertEquals(5014, e.byteOffset());
            assertTrue(e.getMessage().contains("truncated_cbr128_stereo_44k.mp3"), e.getMessage());
        }
    }

    @Test
    void layerTwoIsRejectedAsUnsupported() {
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> probe("mp3/layer2_stereo_44k.mp3"));
        assertEquals(Kind.UNSUPPORTED, e.kind());
        assertEquals(0, e.byteOffset());
    }

    @Test
    void fileOfJunkHasNoFrame(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.mp3");
        byte[] bytes = new byte[5000];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(junk, bytes);

        AudioDecodeException e = assertThrows(AudioDecodeException.class,
                () -> decoder.probe(ByteInput.open(junk)));
        assertEquals(Kind.CORRUPT, e.kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 100_000})
    void outputDoesNotDependOnReadSize(int maxFrames) {
        float[] whole = decode("mp3/vbr_v2_stereo_44k.mp3").samples();
        float[] pieces = new float[whole.length];
        float[] buffer = new float[maxFrames * 2];
        int at = 0;
        try (PcmReader reader = decoder.open(ByteInput.open(Fixtures.path("mp3/vbr_v2_stereo_44k.mp3")))) {
            int n;
            while ((n = reader.read(buffer, maxFrames)) > 0) {
                System.arraycopy(buffer, 0, pieces, at, n * 2);
                at += n * 2;
            }
        }
        assertEquals(whole.length, at);
        assertArrayEquals(whole, pieces);
    }

    @Test
    void sniffRecognisesFramesButNotText() {
        byte[] head = new byte[4096];
        try (ByteInput in = ByteInput.open(Fixtures.path("mp3/notag_cbr128_stereo_44k.mp3"))) {
            int n = in.readFully(head, 0, head.length);
            assertTrue(decoder.sniff(head, n));
        }
        byte[] text = "RIFF, no: just some text that is not audio at all".getBytes();
        assertFalse(decoder.sniff(text, text.length));
    }

    private DecodedAudio decode(String fixture) {
        return Fixtures.decode(Fixtures.path(fixture));
    }

    private AudioInfo probe(String fixture) {
        try (ByteInput in = ByteInput.open(Fixtures.path(fixture))) {
            return decoder.probe(in);
        }
    }
}
