package io.reactiveaudio.codec.flac;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads a big-endian bitstream, most significant bit first, from a window {@code [start, limit)} of
 * a byte array, through a 64-bit cache refilled eight bytes at a time.
 *
 * <p>Reading past {@code limit} throws {@link FormatException#END_OF_DATA}, so a caller can fetch
 * more bytes and parse the structure again. Bytes beyond {@code limit} are never read. Not
 * thread-safe: one frame decoder owns one reader.
 */
final class BitReader {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf = new byte[0];
    private int limit;
    /** Index of the next byte to load into the cache. */
    private int pos;
    /**
     * Unread bits, left-aligned; the top {@code bits} are valid. Bits below them are zero or equal
     * to the stream's next bits, so OR-ing freshly loaded bytes in never corrupts them.
     */
    private long cache;
    private int bits;

    /** Starts reading at byte {@code start}; {@code limit} is the index after the last readable byte. */
    void reset(byte[] bytes, int start, int limit) {
        this.buf = bytes;
        this.limit = limit;
        this.pos = start;
        this.cache = 0;
        this.bits = 0;
    }

    /** Index of the byte holding the next unread bit (the next whole byte when aligned). */
    int bytePosition() {
        return (pos * 8 - bits) >> 3;
    }

    /** Skips to the next byte boundary. */
    void alignToByte() {
        int drop = bits & 7;
        cache <<= drop;
        bits -= drop;
    }

    /** Reads an unsigned value of {@code n} bits, 0 to 32 (32 bits come back as their int pattern). */
    int readUInt(int n) {
        if (n == 0) {
            return 0;
        }
        if (bits < n) {
            refill(n);
        }
        int v = (int) (cache >>> (64 - n));
        cache <<= n;
        bits -= n;
        return v;
    }

    /** Reads a two's complement value of {@code n} bits, 1 to 32. */
    int readSInt(int n) {
        if (bits < n) {
            refill(n);
        }
        int v = (int) (cache >> (64 - n));
        cache <<= n;
        bits -= n;
        return v;
    }

    /** Reads a two's complement value of {@code n} bits, 1 to 33. */
    long readSLong(int n) {
        if (n <= 32) {
            return readSInt(n);
        }
        long high = readSInt(n - 32);
        return (high << 32) | (readUInt(32) & 0xFFFF_FFFFL);
    }

    /** Reads a unary number: the count of 0 bits before the next 1 bit, which is consumed too. */
    int readUnary() {
        int count = 0;
        while (true) {
            if (bits == 0) {
                refill(1);
            }
            int zeros = Long.numberOfLeadingZeros(cache);
            if (zeros < bits) {
                cache <<= zeros + 1;
                bits -= zeros + 1;
                return count + zeros;
            }
            count += bits;
            cache = 0;
            bits = 0;
        }
    }

    /** Reads {@code n}-bit two's complement values (n 0 to 32; 0 gives zeros) into {@code dst[from, to)}. */
    void readSigned(int[] dst, int from, int to, int n) {
        if (n == 0) {
            Arrays.fill(dst, from, to, 0);
            return;
        }
        for (int i = from; i < to; i++) {
            dst[i] = readSInt(n);
        }
    }

    /**
     * Reads Rice codes with parameter {@code k} (0 to 30) into {@code dst[from, to)}: a unary
     * quotient, {@code k} low bits, and the zigzag-folded sign ({@code 0, -1, 1, -2, ...}).
     */
    void readRice(int[] dst, int from, int to, int k) {
        final byte[] b = buf;
        final int fastEnd = limit - 8;
        long c = cache;
        int n = bits;
        int p = pos;
        for (int i = from; i < to; i++) {
            if (n < 32) {
                if (p <= fastEnd) {
                    c |= (long) LONG_BE.get(b, p) >>> n;
                    int loaded = (63 - n) >>> 3;
                    p += loaded;
                    n += loaded << 3;
                } else {
                    cache = c;
                    bits = n;
                    pos = p;
                    refillNearEnd(1);
                    c = cache;
                    n = bits;
                    p = pos;
                }
            }
            int q = Long.numberOfLeadingZeros(c);
            if (q < n) {
                c <<= q + 1;
                n -= q + 1;
            } else {
                cache = c;
                bits = n;
                pos = p;
                q = readUnary();
                c = cache;
                n = bits;
                p = pos;
            }
            if (n < k) {
                cache = c;
                bits = n;
                pos = p;
                refill(k);
                c = cache;
                n = bits;
                p = pos;
            }
            int low = (int) ((c >>> 1) >>> (63 - k));
            c <<= k;
            n -= k;
            int folded = (q << k) | low;
            dst[i] = (folded >>> 1) ^ -(folded & 1);
        }
        cache = c;
        bits = n;
        pos = p;
    }

    /** Loads bytes until at least {@code need} bits (at most 56) are cached. */
    private void refill(int need) {
        if (pos <= limit - 8) {
            cache |= (long) LONG_BE.get(buf, pos) >>> bits;
            int loaded = (63 - bits) >>> 3;
            pos += loaded;
            bits += loaded << 3;
        } else {
            refillNearEnd(need);
        }
    }

    private void refillNearEnd(int need) {
        while (bits <= 55 && pos < limit) {
            cache |= (buf[pos++] & 0xFFL) << (56 - bits);
            bits += 8;
        }
        if (bits < need) {
            throw FormatException.END_OF_DATA;
        }
    }
}
