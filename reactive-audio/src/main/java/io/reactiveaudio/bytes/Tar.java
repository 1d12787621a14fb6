package io.reactiveaudio.bytes;

import java.nio.charset.StandardCharsets;

/** Constants and helpers of the ustar format (POSIX.1-1988, with pax and GNU long names). */
final class Tar {

    /** Bytes in a header and the unit data is padded to. */
    static final int BLOCK = 512;

    private Tar() {
    }

    /** {@code size} rounded up to whole blocks. */
    static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The header's checksum: the sum of its bytes with the checksum field counted as spaces. */
    static long checksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        return sum;
    }

    /** A NUL-terminated text field. */
    static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
