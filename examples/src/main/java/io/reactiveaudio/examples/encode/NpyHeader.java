package io.reactiveaudio.examples.encode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header of a NumPy format 1.0 file holding a little-endian float32 array of shape
 * {@code (frames, channels)} in C order.
 *
 * <p>Layout: magic {@code \x93NUMPY}, version bytes 1 and 0, the header length as unsigned 16-bit
 * little-endian, then a Python dict literal padded with spaces and ended by a newline, so that
 * the data starts at a multiple of 64 bytes. The length is sized for the largest frame count, so
 * the header can be rewritten in place for any count. Immutable and thread-safe.
 */
final class NpyHeader implements FileHeader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic, two version bytes and the 16-bit header length. */
    private static final int PREAMBLE_BYTES = 10;
    private static final int ALIGNMENT = 64;

    private final int channels;
    private final int length;

    /** A header for arrays of {@code channels} columns. */
    NpyHeader(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1: " + channels);
        }
        this.channels = channels;
        int longest = PREAMBLE_BYTES + dict(Long.MAX_VALUE).length() + 1;
        this.length = (longest + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    @Override
    public ByteBuffer forFrames(long frames) {
        byte[] dict = dict(frames).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (length - PREAMBLE_BYTES)).put(dict);
        while (b.position() < length - 1) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').flip();
    }

    private String dict(long frames) {
        return "{'descr': '<f4', 'fortran_order': False, 'shape': (" + frames + ", " + channels + "), }";
    }
}
