package io.reactiveaudio.test;

import static io.reactiveaudio.test.WavFixtureWriter.Encoding.FLOAT32;
import static io.reactiveaudio.test.WavFixtureWriter.Encoding.FLOAT64;
import static io.reactiveaudio.test.WavFixtureWriter.Encoding.PCM_S16;
import static io.reactiveaudio.test.WavFixtureWriter.Encoding.PCM_S24;
import static io.reactiveaudio.test.WavFixtureWriter.Encoding.PCM_U8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFixtureWriterTest {

    private static final byte[] PCM_SUBFORMAT = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
            (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    @Test
    void plainSixteenBitFileIsTheCanonicalFortyFourByteHeaderFollowedBySamples() {
        float[] samples = {0f, 0.5f, -0.5f, 1f, -1f, 0.25f};

        byte[] wav = WavFixtureWriter.of(PCM_S16).toBytes(samples, 2, 44_100);

        assertArrayEquals(concat(
                ascii("RIFF"), le32(36 + 12), ascii("WAVE"),
                ascii("fmt "), le32(16),
                le16(1), le16(2), le32(44_100), le32(44_100 * 2 * 2), le16(4), le16(16),
                ascii("data"), le32(12),
                le16(0), le16(16_384), le16(-16_384), le16(32_767), le16(-32_768), le16(8_192)), wav);
    }

    @Test
    void twentyValidBitsInTwentyFourBitContainersAreLeftJustifiedUnderAnExtensibleHeader() {
        float[] samples = {0.5f, -1f, 1f / (1 << 19), 1f};

        byte[] wav = WavFixtureWriter.of(PCM_S24).validBits(20).toBytes(samples, 2, 48_000);

        assertArrayEquals(concat(
                ascii("RIFF"), le32(4 + 48 + 20), ascii("WAVE"),
                ascii("fmt "), le32(40),
                le16(0xFFFE), le16(2), le32(48_000), le32(48_000 * 2 * 3), le16(6), le16(24),
                le16(22), le16(20), le32(0b11), PCM_SUBFORMAT,
                ascii("data"), le32(12),
                le24(0x40_0000), le24(0x80_0000), le24(0x00_0010), le24(0x7F_FFF0)), wav);
    }

    @Test
    void floatFormatsUseTagThreeWithAnEmptyExtensionAndStoreSamplesUnchanged() {
        float[] samples = {0.1f, -2f};

        byte[] wav32 = WavFixtureWriter.of(FLOAT32).toBytes(samples, 1, 8_000);
        byte[] wav64 = WavFixtureWriter.of(FLOAT64).toBytes(samples, 1, 8_000);

        assertArrayEquals(concat(le16(3), le16(1), le32(8_000), le32(32_000), le16(4), le16(32), le16(0)),
                chunk(wav32, "fmt "));
        assertArrayEquals(concat(le32(Float.floatToIntBits(0.1f)), le32(Float.floatToIntBits(-2f))),
                chunk(wav32, "data"));
        assertArrayEquals(concat(le64(Double.doubleToLongBits(0.1f)), le64(Double.doubleToLongBits(-2.0))),
                chunk(wav64, "data"));
    }

    @Test
    void extensibleFloatNamesTheFloatSubformat() {
        byte[] fmt = chunk(WavFixtureWriter.of(FLOAT32).extensible().toBytes(new float[1], 1, 8_000), "fmt ");

        assertEquals(40, fmt.length);
        assertEquals(0xFFFE, u16(fmt, 0));
        assertEquals(32, u16(fmt, 18), "valid bits");
        assertEquals(3, u16(fmt, 24), "subformat GUID starts with the format tag");
        assertArrayEquals(Arrays.copyOfRange(PCM_SUBFORMAT, 2, 16), Arrays.copyOfRange(fmt, 26, 40));
    }

    @Test
    void oddChunkBeforeFmtIsFollowedByAZeroPadByte() {
        byte[] wav = WavFixtureWriter.of(PCM_S16).oddChunkBeforeFmt().toBytes(new float[2], 1, 8_000);

        assertArrayEquals(concat(ascii("JUNK"), le32(5), new byte[] {1, 2, 3, 4, 5, 0}, ascii("fmt ")),
                Arrays.copyOfRange(wav, 12, 30));
        assertEquals(List.of("JUNK", "fmt ", "data"), chunkIds(wav));
    }

    @Test
    void oddChunkAfterDataIsPaddedAndThePadCountsInTheRiffSize() {
        byte[] wav = WavFixtureWriter.of(PCM_S16).oddChunkAfterData().toBytes(new float[2], 1, 8_000);

        assertArrayEquals(concat(ascii("LIST"), le32(7), ascii("INFOab"), new byte[] {0, 0}),
                Arrays.copyOfRange(wav, wav.length - 16, wav.length));
        assertEquals(wav.length - 8, s32(wav, 4));
        assertEquals(List.of("fmt ", "data", "LIST"), chunkIds(wav));
    }

    @Test
    void oddSizedDataChunkDeclaresItsTrueSizeAndIsPadded() {
        byte[] wav = WavFixtureWriter.of(PCM_U8).toBytes(new float[3], 1, 8_000);

        assertEquals(3, s32(wav, 40), "data size excludes the pad byte");
        assertEquals(48, wav.length);
        assertEquals(0, wav[47], "pad byte");
        assertEquals(40, s32(wav, 4));
    }

    @Test
    void fmtAfterDataSwapsTheChunksButKeepsTheirContent() {
        float[] samples = {0.5f, -0.5f};
        WavFixtureWriter canonical = WavFixtureWriter.of(PCM_S16);

        byte[] swapped = canonical.fmtAfterData().toBytes(samples, 2, 8_000);
        byte[] plain = canonical.toBytes(samples, 2, 8_000);

        assertEquals(List.of("data", "fmt "), chunkIds(swapped));
        assertArrayEquals(chunk(plain, "fmt "), chunk(swapped, "fmt "));
        assertArrayEquals(chunk(plain, "data"), chunk(swapped, "data"));
    }

    @Test
    void eightBitSamplesAreStoredUnsignedAroundOneHundredTwentyEight() {
        float[] samples = {0f, 1f, -1f, 0.5f, -0.5f, 1f / 128};

        byte[] data = chunk(WavFixtureWriter.of(PCM_U8).toBytes(samples, 1, 8_000), "data");

        assertArrayEquals(new byte[] {(byte) 128, (byte) 255, 0, (byte) 192, 64, (byte) 129}, data);
    }

    @Test
    void quantizeRoundsToTheIntegerGridAndClipsAtFullScale() {
        float[] samples = {1f, -1f, 2f, -2f, 0.5f, -0.25f, 1.4f / 32_768, 1.6f / 32_768};

        assertArrayEquals(new long[] {32_767, -32_768, 32_767, -32_768, 16_384, -8_192, 1, 2},
                WavFixtureWriter.quantize(samples, 16));
        assertArrayEquals(new long[] {127, -128, 127, -128, 64, -32, 0, 0},
                WavFixtureWriter.quantize(samples, 8));
        assertArrayEquals(new long[] {Integer.MAX_VALUE, Integer.MIN_VALUE},
                WavFixtureWriter.quantize(new float[] {1f, -1f}, 32));
    }

    @Test
    void dequantizedIsWhatAnExactDecoderReturns() {
        assertArrayEquals(new float[] {9_830f / 32_768, 32_767f / 32_768, -1f},
                WavFixtureWriter.dequantized(new float[] {0.3f, 1f, -1f}, 16));
    }

    @Test
    void validBitsMustFitAPcmContainer() {
        assertThrows(IllegalArgumentException.class, () -> WavFixtureWriter.of(FLOAT32).validBits(24));
        assertThrows(IllegalArgumentException.class, () -> WavFixtureWriter.of(PCM_S24).validBits(25));
        assertThrows(IllegalArgumentException.class, () -> WavFixtureWriter.of(PCM_S16).validBits(0));
    }

    @Test
    void samplesMustFillWholeFrames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavFixtureWriter.of(PCM_S16).toBytes(new float[5], 2, 8_000));

        assertEquals("5 samples do not fill 2 channels", e.getMessage());
    }

    @Test
    void writeStoresTheBytesOfToBytes(@TempDir Path dir) throws IOException {
        float[] samples = Signals.sine(8_000, 2, 80, 440, 0.5);
        WavFixtureWriter writer = WavFixtureWriter.of(PCM_S24).oddChunkAfterData();
        Path file = dir.resolve("sine.wav");

        writer.write(file, samples, 2, 8_000);

        assertArrayEquals(writer.toBytes(samples, 2, 8_000), Files.readAllBytes(file));
    }

    /** The ids of the chunks inside RIFF/WAVE, walking each chunk's size plus its pad byte. */
    private static List<String> chunkIds(byte[] wav) {
        List<String> ids = new ArrayList<>();
        for (int at = 12; at < wav.length; at += 8 + padded(s32(wav, at + 4))) {
            ids.add(new String(wav, at, 4, StandardCharsets.US_ASCII));
        }
        return ids;
    }

    /** The body of the first chunk with this id, without its pad byte. */
    private static byte[] chunk(byte[] wav, String id) {
        for (int at = 12; at < wav.length; at += 8 + padded(s32(wav, at + 4))) {
            if (new String(wav, at, 4, StandardCharsets.US_ASCII).equals(id)) {
                return Arrays.copyOfRange(wav, at + 8, at + 8 + s32(wav, at + 4));
            }
        }
        throw new AssertionError("no '" + id + "' chunk in " + chunkIds(wav));
    }

    private static int padded(int size) {
        return size + (size & 1);
    }

    private static int s32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static int u16(byte[] b, int at) {
        return Short.toUnsignedInt(ByteBuffer.wrap(b, at, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] le24(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
