package io.reactiveaudio.dsp.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcmConversionTest {

    @Test
    void everyInt16LevelRoundTripsThroughFloatExactly() {
        short[] levels = new short[65_536];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (short) (i - 32_768);
        }
        float[] floats = new float[levels.length];
        short[] back = new short[levels.length];

        PcmConversion.fromInt16(levels, 0, floats, 0, levels.length);
        PcmConversion.toInt16(floats, 0, back, 0, levels.length);

        assertArrayEquals(levels, back);
        assertEquals(-1f, floats[0]);
        assertEquals(32_767 / 32_768f, floats[65_535]);
    }

    @Test
    void everyInt24LevelRoundTripsThroughFloatInIntsAndPackedBytes() {
        int n = 1 << 24;
        int[] levels = new int[n];
        for (int i = 0; i < n; i++) {
            levels[i] = i - (1 << 23);
        }
        float[] floats = new float[n];
        int[] back = new int[n];
        byte[] packed = new byte[3 * n];
        float[] fromPacked = new float[n];

        PcmConversion.fromInt24(levels, 0, floats, 0, n);
        PcmConversion.toInt24(floats, 0, back, 0, n);
        PcmConversion.toInt24Packed(floats, 0, packed, 0, n);
        PcmConversion.fromInt24Packed(packed, 0, fromPacked, 0, n);

        assertArrayEquals(levels, back);
        assertArrayEquals(floats, fromPacked);
        for (int i = 0; i < n; i += 4_099) {
            assertEquals(levels[i] / 8_388_608.0, floats[i], 0, "level " + levels[i]);
        }
    }

    @Test
    void packedInt24IsThreeLittleEndianBytesOfTheTwosComplement() {
        byte[] packed = new byte[7];

        PcmConversion.toInt24Packed(new float[] {0x123456p-23f, -1f}, 0, packed, 1, 2);

        assertArrayEquals(new byte[] {0, 0x56, 0x34, 0x12, 0x00, 0x00, (byte) 0x80}, packed);
    }

    @Test
    void int32KeepsTwentyFourSignificantBitsAndFloatsOnItsGridRoundTrip() {
        SplittableRandom random = new SplittableRandom(4);
        int[] levels = new int[10_000];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = random.nextInt() & ~0xFF;
        }
        float[] floats = new float[levels.length];
        int[] back = new int[levels.length];
        byte[] bytes = new byte[4 * levels.length];
        float[] fromBytes = new float[levels.length];

        PcmConversion.fromInt32(levels, 0, floats, 0, levels.length);
        PcmConversion.toInt32(floats, 0, back, 0, levels.length);
        PcmConversion.toInt32Le(floats, 0, bytes, 0, levels.length);
        PcmConversion.fromInt32Le(bytes, 0, fromBytes, 0, levels.length);

        assertArrayEquals(levels, back);
        assertArrayEquals(floats, fromBytes);
        float[] one = new float[1];
        PcmConversion.fromInt32(new int[] {(1 << 24) + 1}, 0, one, 0, 1);
        assertEquals(0x1p-7f, one[0], "2^24 + 1 rounds to the even 2^24");
    }

    @Test
    void int16LittleEndianBytesMatchTheShorts() {
        float[] floats = {0f, -1f, 0.5f, 1f, -0x1p-15f};
        byte[] bytes = new byte[10];
        float[] back = new float[5];

        PcmConversion.toInt16Le(floats, 0, bytes, 0, 5);
        PcmConversion.fromInt16Le(bytes, 0, back, 0, 5);

        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0x80, 0, 0x40, (byte) 0xFF, 0x7F, (byte) 0xFF, (byte) 0xFF}, bytes);
        assertArrayEquals(new float[] {0f, -1f, 0.5f, 32_767 / 32_768f, -0x1p-15f}, back);
    }

    @ParameterizedTest(name = "{0} steps round to {1}")
    @CsvSource({"0.5, 0", "1.5, 2", "2.5, 2", "3.5, 4", "-0.5, 0", "-1.5, -2", "-2.5, -2", "0.49, 0", "0.51, 1",
        "-32767.5, -32768", "32766.5, 32766"})
    void tiesRoundToTheEvenLevel(double steps, int expected) {
        assertEquals(expected, PcmConversion.toInt16((float) (steps / 32_768)));
        assertEquals(expected, PcmConversion.toInt24((float) (steps / 8_388_608)));
        assertEquals(expected, PcmConversion.toInt32((float) (steps / 2_147_483_648.0)));
    }

    @Test
    void tiesRoundToEvenInTheBulkConversionsToo() {
        float[] ties = {0.5f / 32_768, 1.5f / 32_768, -2.5f / 32_768, 32_765.5f / 32_768};
        short[] shorts = new short[4];

        PcmConversion.toInt16(ties, 0, shorts, 0, 4);

        assertArrayEquals(new short[] {0, 2, -2, 32_766}, shorts);
    }

    @Test
    void valuesBeyondFullScaleClipToTheAsymmetricRangeAndNanBecomesZero() {
        float[] in = {1f, -1f, 1.5f, -1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -0f};
        short[] int16 = new short[in.length];
        int[] int24 = new int[in.length];
        int[] int32 = new int[in.length];

        PcmConversion.toInt16(in, 0, int16, 0, in.length);
        PcmConversion.toInt24(in, 0, int24, 0, in.length);
        PcmConversion.toInt32(in, 0, int32, 0, in.length);

        int max24 = (1 << 23) - 1;
        int min24 = -(1 << 23);
        assertArrayEquals(new short[] {32_767, -32_768, 32_767, -32_768, 32_767, -32_768, 0, 0}, int16);
        assertArrayEquals(new int[] {max24, min24, max24, min24, max24, min24, 0, 0}, int24);
        int max = Integer.MAX_VALUE;
        int min = Integer.MIN_VALUE;
        assertArrayEquals(new int[] {max, min, max, min, max, min, 0, 0}, int32);
    }

    @Test
    void theBulkInt16ConversionGivesTheScalarResultForEveryKindOfFloat() {
        SplittableRandom random = new SplittableRandom(9);
        float[] in = new float[10_007];
        for (int i = 0; i < in.length; i++) {
            float any = Float.intBitsToFloat(random.nextInt());
            in[i] = switch (i % 4) {
                case 0 -> Float.isNaN(any) ? Float.NaN : any;
                case 1 -> (float) (2.4 * (random.nextDouble() - 0.5));
                case 2 -> (random.nextInt(65_536) - 32_768 + 0.5f) / 32_768;
                default -> (float) (random.nextGaussian() * 1e-4);
            };
        }
        in[300] = Float.NaN;
        in[301] = Float.NEGATIVE_INFINITY;
        in[302] = -0f;
        short[] bulk = new short[in.length + 3];

        PcmConversion.toInt16(in, 2, bulk, 3, in.length - 2);

        for (int i = 2; i < in.length; i++) {
            assertEquals(PcmConversion.toInt16(in[i]), bulk[i + 1], "sample " + i + ": " + in[i]);
            int reference = Float.isNaN(in[i]) ? 0 : (int) Math.max(-32_768, Math.min(32_767, Math.rint(in[i] * 32_768.0)));
            assertEquals(reference, bulk[i + 1], "sample " + i + ": " + in[i]);
        }
    }

    @Test
    void fromInt24UsesOnlyTheLowTwentyFourBits() {
        float[] out = new float[2];

        PcmConversion.fromInt24(new int[] {0x7F80_0000, 0x0000_0001}, 0, out, 0, 2);

        assertArrayEquals(new float[] {-1f, 0x1p-23f}, out);
    }

    @Test
    void convertsOnlyTheGivenRanges() {
        float[] src = {9f, 0.25f, -0.25f, 9f};
        short[] dst = {7, 7, 7, 7};

        PcmConversion.toInt16(src, 1, dst, 2, 2);

        assertArrayEquals(new short[] {7, 7, 8_192, -8_192}, dst);
    }

    @Test
    void rejectsRangesOutsideTheArrays() {
        assertThrows(IndexOutOfBoundsException.class, () -> PcmConversion.toInt16(new float[4], 1, new short[4], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> PcmConversion.toInt24Packed(new float[4], 0, new byte[11], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> PcmConversion.fromInt16Le(new byte[7], 0, new float[4], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> PcmConversion.fromInt32(new int[4], -1, new float[4], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> PcmConversion.toInt32(new float[4], 0, new int[4], 0, -1));
    }
}
