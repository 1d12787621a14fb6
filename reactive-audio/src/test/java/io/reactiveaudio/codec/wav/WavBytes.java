package io.reactiveaudio.codec.wav;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Finds and edits chunks in the bytes of a WAV file, to build the damaged and unusual files tests need. */
final class WavBytes {

    private WavBytes() {
    }

    /** Offset of the header of the first chunk with this id; fails when there is none. */
    static int chunk(byte[] wav, String id) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= wav.length) {
            if (new String(wav, at, 4, StandardCharsets.US_ASCII).equals(id)) {
                return at;
            }
            long size = b.getInt(at + 4) & 0xFFFF_FFFFL;
            at += (int) (8 + size + (size & 1));
        }
        throw new AssertionError("no chunk " + id);
    }

    /** Offset of the body of the first chunk with this id. */
    static int body(byte[] wav, String id) {
        return chunk(wav, id) + 8;
    }

    /** A copy with a little-endian 16-bit value written at {@code offset}. */
    static byte[] withU16(byte[] wav, int offset, int value) {
        byte[] out = wav.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return out;
    }

    /** A copy with a little-endian 32-bit value written at {@code offset}. */
    static byte[] withU32(byte[] wav, int offset, long value) {
        byte[] out = wav.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) value);
        return out;
    }

    /** A copy with the size field of the chunk {@code id} set to {@code size}. */
    static byte[] withChunkSize(byte[] wav, String id, long size) {
        return withU32(wav, chunk(wav, id) + 4, size);
    }

    /** The first {@code length} bytes. */
    static byte[] cut(byte[] wav, int length) {
        return Arrays.copyOf(wav, length);
    }

    /** The bytes followed by more bytes. */
    static byte[] append(byte[] wav, byte[] more) {
        byte[] out = Arrays.copyOf(wav, wav.length + more.length);
        System.arraycopy(more, 0, out, wav.length, more.length);
        return out;
    }

    /** A copy with {@code more} inserted at {@code offset} (a whole chunk, in front of another). */
    static byte[] insert(byte[] wav, int offset, byte[] more) {
        byte[] out = new byte[wav.length + more.length];
        System.arraycopy(wav, 0, out, 0, offset);
        System.arraycopy(more, 0, out, offset, more.length);
        System.arraycopy(wav, offset, out, offset + more.length, wav.length - offset);
        return out;
    }

    /**
     * The same file as RF64 (or BW64): form id replaced, RIFF and data sizes set to 0xFFFFFFFF, and
     * a {@code ds64} chunk holding the real sizes inserted before the first chunk.
     */
    static byte[] asRf64(byte[] riff, String formId, long frames) {
        int dataSize = ByteBuffer.wrap(riff).order(ByteOrder.LITTLE_ENDIAN).getInt(chunk(riff, "data") + 4);
        byte[] marked = withChunkSize(riff, "data", 0xFFFF_FFFFL);
        ByteBuffer out = ByteBuffer.allocate(riff.length + 36).order(ByteOrder.LITTLE_ENDIAN);
        out.put(formId.getBytes(StandardCharsets.US_ASCII)).putInt(-1).put(riff, 8, 4);
        out.put("ds64".getBytes(StandardCharsets.US_ASCII)).putInt(28);
        out.putLong(riff.length + 36 - 8).putLong(dataSize).putLong(frames).putInt(0);
        out.put(marked, 12, marked.length - 12);
        return out.array();
    }
}
