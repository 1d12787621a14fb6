package io.reactiveaudio.dsp.convert;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Converts float32 samples at full scale 1.0 to and from signed integer PCM of {@code n} = 16,
 * 24 or 32 bits, whose full scale is {@code 2^(n-1)}: 32 768, 8 388 608 and 2 147 483 648.
 *
 * <p><b>To integers:</b> {@code q = clip(roundHalfEven(x * 2^(n-1)), -2^(n-1), 2^(n-1) - 1)}.
 * The scaling by a power of two is exact; ties round to the even integer (0.5 → 0, 1.5 → 2,
 * -2.5 → -2), so no level is favoured; values beyond the range, infinities included, clip to its
 * ends; NaN becomes 0. The integer range is asymmetric, as in every PCM format: -1.0 maps to
 * {@code -2^(n-1)}, but +1.0 clips to {@code 2^(n-1) - 1}, the largest level, which stands for
 * {@code 1 - 2^(1-n)} (0.999 969 for 16 bits).
 *
 * <p><b>To floats:</b> {@code x = q / 2^(n-1)}, exact for 16 and 24 bits; 32-bit values are first
 * rounded to float32's 24-bit mantissa (half to even), so only multiples of 256 above
 * {@code 2^24} survive unchanged. Hence int16 and int24 round-trip exactly through float32, and a
 * float that is a multiple of {@code 2^(1-n)} in [-1, 1) round-trips exactly through n bits.
 *
 * <p>Layouts: int16 in {@code short[]}; int24 either sign-extended in {@code int[]} or packed in
 * three little-endian bytes (as in WAV); int32 in {@code int[]}; int16 and int32 also as
 * little-endian bytes. Offsets count array elements (bytes for byte arrays), lengths count
 * samples. Stateless and thread-safe; nothing allocates except the bulk float-to-int16
 * conversion's scratch block of 1 KiB per call.
 */
public final class PcmConversion {

    /** Samples per block of the vectorised int16 conversion. */
    private static final int BLOCK = 256;
    private static final float SCALE_16 = 0x1p15f;
    private static final double SCALE_24 = 0x1p23;
    private static final double SCALE_32 = 0x1p31;
    private static final float INVERSE_16 = 0x1p-15f;
    private static final float INVERSE_24 = 0x1p-23f;
    private static final float INVERSE_32 = 0x1p-31f;
    /**
     * 1.5 × 2^23: adding it to a float of magnitude at most 2^22 leaves a sum in [2^23, 2^24),
     * where floats are the integers, so the addition rounds to an integer, half to even.
     */
    private static final float ROUNDING_MAGIC = 0x1.8p23f;
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private PcmConversion() {
    }

    /** One sample to int16: {@code clip(roundHalfEven(x * 32768), -32768, 32767)}, NaN to 0. */
    public static short toInt16(float x) {
        // exact for |x * 32768| <= 2^22; beyond, the sum keeps the sign and a magnitude over
        // 32768, and the cast saturates and takes NaN to 0, so the integer clip is still right
        int q = (int) ((x * SCALE_16 + ROUNDING_MAGIC) - ROUNDING_MAGIC);
        return (short) Math.max(-32768, Math.min(32767, q));
    }

    /** One sample to int24: {@code clip(roundHalfEven(x * 2^23), -2^23, 2^23 - 1)}, NaN to 0. */
    public static int toInt24(float x) {
        // the cast saturates and takes NaN to 0
        int q = (int) Math.rint(x * SCALE_24);
        return Math.max(-0x80_0000, Math.min(0x7F_FFFF, q));
    }

    /** One sample to int32: {@code clip(roundHalfEven(x * 2^31), -2^31, 2^31 - 1)}, NaN to 0. */
    public static int toInt32(float x) {
        // the cast saturates to the int range and takes NaN to 0
        return (int) Math.rint(x * SCALE_32);
    }

    /**
     * Converts {@code samples} floats to int16 as {@link #toInt16(float)} does, except that a NaN
     * whose payload has low bits set (arithmetic never makes one) gives those bits.
     *
     * <p>Runs in blocks of {@value #BLOCK} samples, through a scratch block allocated per call:
     * each block is rounded in float ({@code clip(x * 32768) + 1.5 * 2^23}, whose low 16 bits
     * are then the int16 value) in a loop the JIT compiles to SIMD code, then narrowed to shorts
     * (scalar: JDK 17's C2 vectorises neither float-to-int conversion nor narrowing stores), 2.4
     * times faster than converting in one scalar loop.
     */
    public static void toInt16(float[] src, int srcOffset, short[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstOffset, samples);
        if (samples < BLOCK) {
            for (int i = 0; i < samples; i++) {
                dst[dstOffset + i] = toInt16(src[srcOffset + i]);
            }
            return;
        }
        float[] block = new float[BLOCK];
        for (int done = 0; done < samples; done += BLOCK) {
            int n = Math.min(BLOCK, samples - done);
            // a copy, so that the rounding reads and writes one array at one index
            System.arraycopy(src, srcOffset + done, block, 0, n);
            for (int i = 0; i < n; i++) {
                block[i] = Math.max(-32768f, Math.min(32767f, block[i] * SCALE_16)) + ROUNDING_MAGIC;
            }
            int at = dstOffset + done;
            for (int i = 0; i < n; i++) {
                // the bits are 0x4B400000 + q, and 0x4B400000 has no low 16 bits set
                dst[at + i] = (short) Float.floatToRawIntBits(block[i]);
            }
        }
    }

    /** Converts {@code samples} floats to little-endian int16, two bytes each from {@code dstByteOffset}. */
    public static void toInt16Le(float[] src, int srcOffset, byte[] dst, int dstByteOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstByteOffset, 2L * samples);
        for (int i = 0; i < samples; i++) {
            SHORT_LE.set(dst, dstByteOffset + 2 * i, toInt16(src[srcOffset + i]));
        }
    }

    /** Converts {@code samples} floats to int24, sign-extended in ints, as {@link #toInt24(float)} does. */
    public static void toInt24(float[] src, int srcOffset, int[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = toInt24(src[srcOffset + i]);
        }
    }

    /** Converts {@code samples} floats to packed int24, three little-endian bytes each from {@code dstByteOffset}. */
    public static void toInt24Packed(float[] src, int srcOffset, byte[] dst, int dstByteOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstByteOffset, 3L * samples);
        for (int i = 0; i < samples; i++) {
            int q = toInt24(src[srcOffset + i]);
            int at = dstByteOffset + 3 * i;
            dst[at] = (byte) q;
            dst[at + 1] = (byte) (q >> 8);
            dst[at + 2] = (byte) (q >> 16);
        }
    }

    /** Converts {@code samples} floats to int32 as {@link #toInt32(float)} does. */
    public static void toInt32(float[] src, int srcOffset, int[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = (int) Math.rint(src[srcOffset + i] * SCALE_32);
        }
    }

    /** Converts {@code samples} floats to little-endian int32, four bytes each from {@code dstByteOffset}. */
    public static void toInt32Le(float[] src, int srcOffset, byte[] dst, int dstByteOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstByteOffset, 4L * samples);
        for (int i = 0; i < samples; i++) {
            INT_LE.set(dst, dstByteOffset + 4 * i, toInt32(src[srcOffset + i]));
        }
    }

    /** Converts {@code samples} int16 values to floats, {@code q / 32768}, exactly. */
    public static void fromInt16(short[] src, int srcOffset, float[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = src[srcOffset + i] * INVERSE_16;
        }
    }

    /** Converts {@code samples} little-endian int16 values, two bytes each from {@code srcByteOffset}, exactly. */
    public static void fromInt16Le(byte[] src, int srcByteOffset, float[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcByteOffset, 2L * samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = (short) SHORT_LE.get(src, srcByteOffset + 2 * i) * INVERSE_16;
        }
    }

    /**
     * Converts {@code samples} int24 values to floats, {@code q / 2^23}, exactly. Only the low 24
     * bits of each int count (they are sign-extended first).
     */
    public static void fromInt24(int[] src, int srcOffset, float[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = (src[srcOffset + i] << 8 >> 8) * INVERSE_24;
        }
    }

    /** Converts {@code samples} packed int24 values, three little-endian bytes each from {@code srcByteOffset}, exactly. */
    public static void fromInt24Packed(byte[] src, int srcByteOffset, float[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcByteOffset, 3L * samples);
        checkRange(dst.length, dstOffset, samples);
        // one 4-byte load per sample, its top byte (the next sample's) shifted out; the last
        // sample is assembled bytewise so as not to read past the range
        int last = samples - 1;
        for (int i = 0; i < last; i++) {
            dst[dstOffset + i] = ((int) INT_LE.get(src, srcByteOffset + 3 * i) << 8 >> 8) * INVERSE_24;
        }
        if (last >= 0) {
            int j = srcByteOffset + 3 * last;
            dst[dstOffset + last] = ((src[j] & 0xFF) | (src[j + 1] & 0xFF) << 8 | src[j + 2] << 16) * INVERSE_24;
        }
    }

    /** Converts {@code samples} int32 values to floats: rounded to 24 bits (half to even), then exactly {@code / 2^31}. */
    public static void fromInt32(int[] src, int srcOffset, float[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcOffset, samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = src[srcOffset + i] * INVERSE_32;
        }
    }

    /** Converts {@code samples} little-endian int32 values, four bytes each from {@code srcByteOffset}, as {@link #fromInt32} does. */
    public static void fromInt32Le(byte[] src, int srcByteOffset, float[] dst, int dstOffset, int samples) {
        checkRange(src.length, srcByteOffset, 4L * samples);
        checkRange(dst.length, dstOffset, samples);
        for (int i = 0; i < samples; i++) {
            dst[dstOffset + i] = (int) INT_LE.get(src, srcByteOffset + 4 * i) * INVERSE_32;
        }
    }

    private static void checkRange(int length, int offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException(
                    "range [" + offset + ", " + offset + " + " + count + ") is outside an array of " + length);
        }
    }
}
