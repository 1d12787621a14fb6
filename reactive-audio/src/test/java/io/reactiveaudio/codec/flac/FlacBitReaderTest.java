package io.reactiveaudio.codec.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BitReader: fields of every width, unary and Rice codes, across refills and up to the window's end. */
class FlacBitReaderTest {

    private final BitReader reader = new BitReader();

    @Test
    void readsSignedFieldsOfOneTo33BitsMostSignificantBitFirst() {
        SplittableRandom random = new SplittableRandom(1);
        int[] widths = random.ints(2000, 1, 34).toArray();
        long[] values = new long[widths.length];
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            values[i] = random.nextLong(-(1L << (widths[i] - 1)), 1L << (widths[i] - 1));
            appendBits(bits, values[i], widths[i]);
        }
        byte[] bytes = bytes(bits);
        reader.reset(bytes, 0, bytes.length);

        for (int i = 0; i < widths.length; i++) {
            assertEquals(values[i], reader.readSLong(widths[i]), "field " + i + " of " + widths[i] + " bits");
        }
    }

    @Test
    void readsUnsignedFieldsOfZeroTo32Bits() {
        SplittableRandom random = new SplittableRandom(3);
        int[] widths = random.ints(2000, 0, 33).toArray();
        long[] values = new long[widths.length];
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            values[i] = random.nextLong(1L << widths[i]);
            appendBits(bits, values[i], widths[i]);
        }
        byte[] bytes = bytes(bits);
        reader.reset(bytes, 0, bytes.length);

        for (int i = 0; i < widths.length; i++) {
            assertEquals(values[i], reader.readUInt(widths[i]) & 0xFFFF_FFFFL, "field " + i + " of " + widths[i] + " bits");
        }
    }

    @Test
    void readsUnaryRunsLongerThanTheCache() {
        StringBuilder bits = new StringBuilder();
        int[] runs = {0, 1, 7, 63, 64, 65, 200, 3};
        for (int run : runs) {
            bits.append("0".repeat(run)).append('1');
        }
        byte[] bytes = bytes(bits);
        reader.reset(bytes, 0, bytes.length);

        for (int run : runs) {
            assertEquals(run, reader.readUnary());
        }
    }

    @Test
    void readsRiceCodesOfEveryParameter() {
        SplittableRandom random = new SplittableRandom(2);
        for (int k = 0; k <= 30; k++) {
            int[] values = new int[500];
            StringBuilder bits = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                long bound = Math.min(1L << 31, 100L << k);
                values[i] = (int) random.nextLong(-bound, bound);
                long folded = ((long) values[i] << 1) ^ (values[i] >> 31);
                bits.append("0".repeat((int) (folded >>> k))).append('1');
                appendBits(bits, folded, k);
            }
            byte[] bytes = bytes(bits);
            int[] decoded = new int[values.length + 3];
            reader.reset(bytes, 0, bytes.length);

            reader.readRice(decoded, 3, decoded.length, k);

            assertArrayEquals(values, Arrays.copyOfRange(decoded, 3, decoded.length), "parameter " + k);
        }
    }

    @Test
    void startsAtAnOffsetAndTracksTheBytePosition() {
        byte[] bytes = {0x55, (byte) 0xA5, (byte) 0xF0, 0x0F, 0x12};
        reader.reset(bytes, 1, bytes.length);

        assertEquals(0xA, reader.readUInt(4));
        assertEquals(1, reader.bytePosition());
        reader.alignToByte();
        assertEquals(2, reader.bytePosition());
        assertEquals(0xF00F, reader.readUInt(16));
        assertEquals(4, reader.bytePosition());
    }

    @Test
    void readingPastTheLimitEndsTheDataWithoutLookingBeyondIt() {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        reader.reset(bytes, 0, 10);
        assertSame(FormatException.END_OF_DATA, assertThrows(FormatException.class, reader::readUnary));

        reader.reset(bytes, 8, 10);
        reader.readUInt(12);
        assertSame(FormatException.END_OF_DATA, assertThrows(FormatException.class, () -> reader.readUInt(5)));

        reader.reset(bytes, 0, 10);
        int[] dst = new int[100];
        assertSame(FormatException.END_OF_DATA, assertThrows(FormatException.class, () -> reader.readRice(dst, 0, 100, 2)));
    }

    private static void appendBits(StringBuilder bits, long value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            bits.append((value >>> i & 1) == 1 ? '1' : '0');
        }
    }

    /** Packs a string of 0s and 1s, padded with 0s to whole bytes. */
    private static byte[] bytes(CharSequence bits) {
        byte[] out = new byte[(bits.length() + 7) / 8];
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                out[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return out;
    }
}
