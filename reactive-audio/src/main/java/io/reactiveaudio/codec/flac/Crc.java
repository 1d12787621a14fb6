package io.reactiveaudio.codec.flac;

/**
 * The two checksums of a FLAC frame, table-driven: CRC-8 (polynomial x^8 + x^2 + x + 1) over the
 * frame header and CRC-16 (polynomial x^16 + x^15 + x^2 + 1) over the whole frame, both MSB-first
 * with initial value 0. Stateless and thread-safe.
 */
final class Crc {

    private static final int[] CRC8 = new int[256];
    /** Eight tables for slicing by eight: CRC16[t][b] is the CRC of byte b followed by t zero bytes. */
    private static final int[][] CRC16 = new int[8][256];

    static {
        for (int b = 0; b < 256; b++) {
            int c8 = b;
            int c16 = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                c8 = (c8 & 0x80) != 0 ? (c8 << 1) ^ 0x07 : c8 << 1;
                c16 = (c16 & 0x8000) != 0 ? (c16 << 1) ^ 0x8005 : c16 << 1;
            }
            CRC8[b] = c8 & 0xFF;
            CRC16[0][b] = c16 & 0xFFFF;
        }
        for (int t = 1; t < CRC16.length; t++) {
            for (int b = 0; b < 256; b++) {
                int prev = CRC16[t - 1][b];
                CRC16[t][b] = ((prev << 8) ^ CRC16[0][prev >>> 8]) & 0xFFFF;
            }
        }
    }

    private Crc() {
    }

    /** CRC-8 of {@code bytes[from, to)}. */
    static int crc8(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = CRC8[crc ^ (bytes[i] & 0xFF)];
        }
        return crc;
    }

    /** CRC-16 of {@code bytes[from, to)}, eight bytes per step. */
    static int crc16(byte[] bytes, int from, int to) {
        int[] t0 = CRC16[0];
        int[] t1 = CRC16[1];
        int[] t2 = CRC16[2];
        int[] t3 = CRC16[3];
        int[] t4 = CRC16[4];
        int[] t5 = CRC16[5];
        int[] t6 = CRC16[6];
        int[] t7 = CRC16[7];
        int crc = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            crc = t7[((crc >>> 8) ^ bytes[i]) & 0xFF] ^ t6[(crc ^ bytes[i + 1]) & 0xFF]
                    ^ t5[bytes[i + 2] & 0xFF] ^ t4[bytes[i + 3] & 0xFF] ^ t3[bytes[i + 4] & 0xFF]
                    ^ t2[bytes[i + 5] & 0xFF] ^ t1[bytes[i + 6] & 0xFF] ^ t0[bytes[i + 7] & 0xFF];
        }
        for (; i < to; i++) {
            crc = ((crc << 8) ^ t0[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
