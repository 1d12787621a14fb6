package io.reactiveaudio.codec.wav;

import static io.reactiveaudio.codec.wav.Decoding.assertBitExact;
import static io.reactiveaudio.codec.wav.Decoding.expected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import io.reactiveaudio.test.WavFixtureWriter.Encoding;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link WavDecoder} reports damaged, unsupported and cut-off files: kind, byte offset, reason. */
class WavDecoderErrorTest {

    private static final int RATE = 8_000;
    private static final int FRAMES = 1_001;
    /** Canonical 16-bit stereo layout: RIFF header, fmt at 12, data header at 36, samples from 44. */
    private static final int FMT = 12;
    private static final int SAMPLES = 44;
    /** With the 5-byte JUNK chunk (and its pad byte) before fmt, fmt starts 14 bytes later. */
    private static final int FMT_AFTER_JUNK = 26;

    @TempDir
    Path dir;

    private final float[] samples = Signals.noise(3, RATE, 2, FRAMES, 0.9);

    private byte[] stereo16() {
        return WavFixtureWriter.of(Encoding.PCM_S16).toBytes(samples, 2, RATE);
    }

    private byte[] stereo16AfterJunk() {
        return WavFixtureWriter.of(Encoding.PCM_S16).oddChunkBeforeFmt().toBytes(samples, 2, RATE);
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "broken", ".wav"), bytes);
    }

    /** Asserts that both probe and open fail with this kind at this offset, and returns the failure. */
    private AudioDecodeException assertFails(byte[] bytes, Kind kind, long offset) throws IOException {
        Path file = file(bytes);
        AudioDecodeException probed;
        try (ByteInput in = ByteInput.open(file)) {
            probed = assertThrows(AudioDecodeException.class, () -> new WavDecoder().probe(in));
        }
        AudioDecodeException opened = assertThrows(AudioDecodeException.class,
                () -> new WavDecoder().open(ByteInput.open(file)));
        assertEquals(probed.getMessage(), opened.getMessage());
        assertEquals(kind, probed.kind(), probed.getMessage());
        assertEquals(offset, probed.byteOffset(), probed.getMessage());
        assertEquals(file, probed.path());
        return probed;
    }

    @Test
    void emptyFileIsEmptyAtByteZero() throws IOException {
        assertFails(new byte[0], Kind.EMPTY, 0);
    }

    @Test
    void fileOfAnotherFormatIsCorruptAtByteZero() throws IOException {
        assertFails("ID3\u0004\0\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), Kind.CORRUPT, 0);
    }

    @Test
    void riffOfAnotherFormTypeIsCorruptAtTheFormType() throws IOException {
        assertFails("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.US_ASCII), Kind.CORRUPT, 8);
    }

    @Test
    void fileEndingInsideTheRiffHeaderIsTruncatedWhereItEnds() throws IOException {
        assertFails("RIFF\1\2".getBytes(StandardCharsets.US_ASCII), Kind.TRUNCATED, 6);
    }

    @Test
    void waveWithoutDataChunkIsEmpty() throws IOException {
        byte[] fmtOnly = WavBytes.cut(stereo16(), 36);

        AudioDecodeException e = assertFails(fmtOnly, Kind.EMPTY, 36);
        assertTrue(e.reason().contains("no data chunk"), e.reason());
    }

    @Test
    void waveWithoutFmtChunkIsCorrupt() throws IOException {
        byte[] dataFirst = WavFixtureWriter.of(Encoding.PCM_S16).fmtAfterData().toBytes(samples, 2, RATE);
        byte[] dataOnly = WavBytes.cut(dataFirst, WavBytes.chunk(dataFirst, "fmt "));

        AudioDecodeException e = assertFails(dataOnly, Kind.CORRUPT, dataOnly.length);
        assertTrue(e.reason().contains("no fmt chunk"), e.reason());
    }

    @ParameterizedTest(name = "format tag {0} ({1})")
    @CsvSource({"2, Microsoft ADPCM", "6, A-law", "7, mu-law", "17, IMA ADPCM", "85, MPEG Layer III",
            "4660, unknown"})
    void unsupportedFormatTagIsNamedAtTheFmtChunk(int tag, String name) throws IOException {
        byte[] wav = WavBytes.withU16(stereo16AfterJunk(), FMT_AFTER_JUNK + 8, tag);

        AudioDecodeException e = assertFails(wav, Kind.UNSUPPORTED, FMT_AFTER_JUNK);
        assertTrue(e.reason().contains(String.format("0x%04X (%s)", tag, name)), e.reason());
    }

    @Test
    void extensibleWithUnsupportedSubFormatTagIsNamed() throws IOException {
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S16).extensible().toBytes(samples, 2, RATE);
        byte[] alaw = WavBytes.withU16(wav, WavBytes.body(wav, "fmt ") + 24, 6);

        AudioDecodeException e = assertFails(alaw, Kind.UNSUPPORTED, FMT);
        assertTrue(e.reason().contains("0x0006 (A-law)"), e.reason());
    }

    @Test
    void extensibleWithForeignSubFormatGuidIsNamed() throws IOException {
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S16).extensible().toBytes(samples, 2, RATE);
        byte[] foreign = WavBytes.withU16(wav, WavBytes.body(wav, "fmt ") + 28, 0x0721);

        AudioDecodeException e = assertFails(foreign, Kind.UNSUPPORTED, FMT);
        assertTrue(e.reason().contains("00000001-0721-0010-8000-00aa00389b71"), e.reason());
    }

    @ParameterizedTest(name = "block align {0}")
    @ValueSource(ints = {0, 2, 3, 5, 8})
    void blockAlignThatDisagreesWithChannelsAndBitsIsCorrupt(int blockAlign) throws IOException {
        byte[] wav = WavBytes.withU16(stereo16AfterJunk(), FMT_AFTER_JUNK + 8 + 12, blockAlign);

        AudioDecodeException e = assertFails(wav, Kind.CORRUPT, FMT_AFTER_JUNK);
        assertTrue(e.reason().contains("block align " + blockAlign), e.reason());
    }

    @Test
    void moreValidBitsThanTheContainerIsCorrupt() throws IOException {
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S24).validBits(20).toBytes(samples, 2, RATE);

        assertFails(WavBytes.withU16(wav, WavBytes.body(wav, "fmt ") + 18, 25), Kind.CORRUPT, FMT);
    }

    @Test
    void zeroChannelsZeroRateAndZeroBitsAreCorrupt() throws IOException {
        int fmtBody = FMT + 8;
        assertFails(WavBytes.withU16(stereo16(), fmtBody + 2, 0), Kind.CORRUPT, FMT);
        assertFails(WavBytes.withU32(stereo16(), fmtBody + 4, 0), Kind.CORRUPT, FMT);
        assertFails(WavBytes.withU16(stereo16(), fmtBody + 14, 0), Kind.CORRUPT, FMT);
    }

    @Test
    void moreChannelsThanTheStatedLimitAreUnsupportedSoNoHeaderSizesACallersBuffers() throws IOException {
        byte[] u8 = WavFixtureWriter.of(Encoding.PCM_U8).toBytes(samples, 2, RATE);
        int fmtBody = FMT + 8;
        byte[] wide = WavBytes.withU16(WavBytes.withU16(u8, fmtBody + 2, 65_535), fmtBody + 12, 65_535);
        byte[] widest = WavBytes.withU16(WavBytes.withU16(u8, fmtBody + 2, 512), fmtBody + 12, 512);

        assertTrue(assertFails(wide, Kind.UNSUPPORTED, FMT).reason().contains("65535 channels"));
        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file(widest)))) {
            assertEquals(512, reader.info().channels());
        }
    }

    @Test
    void sampleSizesWithoutAKernelAreUnsupported() throws IOException {
        byte[] pcm40 = WavBytes.withU16(WavBytes.withU16(stereo16(), FMT + 8 + 14, 40), FMT + 8 + 12, 10);
        byte[] float16 = WavBytes.withU16(stereo16(), FMT + 8, 3);

        assertTrue(assertFails(pcm40, Kind.UNSUPPORTED, FMT).reason().contains("40-bit integer PCM"));
        assertTrue(assertFails(float16, Kind.UNSUPPORTED, FMT).reason().contains("16-bit IEEE float"));
    }

    @Test
    void fmtChunkShorterThanSixteenBytesIsCorrupt() throws IOException {
        assertFails(WavBytes.withChunkSize(stereo16(), "fmt ", 14), Kind.CORRUPT, FMT);
    }

    @Test
    void chunkHeaderCutOffIsTruncatedAtTheHeader() throws IOException {
        byte[] dataFirst = WavFixtureWriter.of(Encoding.PCM_S16).fmtAfterData().toBytes(samples, 2, RATE);
        int fmt = WavBytes.chunk(dataFirst, "fmt ");

        AudioDecodeException e = assertFails(WavBytes.cut(dataFirst, fmt + 5), Kind.TRUNCATED, fmt);
        assertTrue(e.reason().contains("5 of 8"), e.reason());
    }

    @Test
    void chunkCutOffBeforeFmtAndDataAreFoundIsTruncatedAtItsHeader() throws IOException {
        assertFails(WavBytes.cut(stereo16AfterJunk(), 12 + 8 + 3), Kind.TRUNCATED, 12);
        assertFails(WavBytes.cut(stereo16(), FMT + 8 + 10), Kind.TRUNCATED, FMT);
    }

    @ParameterizedTest(name = "maxFrames {0}")
    @ValueSource(ints = {1, 777, 100_000})
    void dataShorterThanDeclaredDeliversEveryCompleteFrameThenFails(int maxFrames) throws IOException {
        int keptFrames = 500;
        int end = SAMPLES + keptFrames * 4 + 3;
        Path file = file(WavBytes.cut(stereo16(), end));

        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            assertEquals(keptFrames, reader.info().frames());
            float[] got = readUntilFailure(reader, maxFrames, Kind.TRUNCATED, end);
            assertBitExact(expected(Encoding.PCM_S16, Arrays.copyOf(samples, keptFrames * 2)), got);
        }
    }

    @ParameterizedTest(name = "data size field {0}")
    @ValueSource(longs = {4 * 500 + 2, 0xFFFF_FFFFL})
    void partialLastFrameDeliversEveryCompleteFrameThenFails(long sizeField) throws IOException {
        int end = SAMPLES + 500 * 4 + 2;
        Path file = file(WavBytes.withChunkSize(WavBytes.cut(stereo16(), end), "data", sizeField));

        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            assertEquals(500, reader.info().frames());
            float[] got = readUntilFailure(reader, 777, Kind.TRUNCATED, end);
            assertEquals(1000, got.length);
        }
    }

    @Test
    void truncationIsReportedAgainOnEveryLaterRead() throws IOException {
        Path file = file(WavBytes.cut(stereo16(), SAMPLES + 10 * 4 + 1));

        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            assertEquals(10, reader.skip(50));
            assertThrows(AudioDecodeException.class, () -> reader.read(new float[2], 1));
            AudioDecodeException again = assertThrows(AudioDecodeException.class, () -> reader.read(new float[2], 1));
            assertTrue(again.reason().contains("declares 4004 bytes but the file ends after 41"), again.reason());
        }
    }

    @Test
    void openClosesTheInputWhenTheHeadersAreBad() throws IOException {
        Path file = file(WavBytes.withU16(stereo16(), FMT + 8, 6));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);

        assertThrows(AudioDecodeException.class, () -> new WavDecoder().open(new ByteInput(file, channel, 64)));
        assertFalse(channel.isOpen());
    }

    private static float[] readUntilFailure(PcmReader reader, int maxFrames, Kind kind, long offset) {
        int channels = reader.info().channels();
        float[] block = new float[maxFrames * channels];
        float[] out = new float[0];
        while (true) {
            int n;
            try {
                n = reader.read(block, maxFrames);
            } catch (AudioDecodeException e) {
                assertEquals(kind, e.kind(), e.getMessage());
                assertEquals(offset, e.byteOffset(), e.getMessage());
                return out;
            }
            assertTrue(n > 0, "the stream ended without the expected " + kind);
            int at = out.length;
            out = Arrays.copyOf(out, at + n * channels);
            System.arraycopy(block, 0, out, at, n * channels);
        }
    }
}
