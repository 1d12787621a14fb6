package io.reactiveaudio.netty.ingest;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** Sample encodings accepted on the wire, little-endian and interleaved. */
public enum PcmEncoding {

    /** Signed 16-bit, full scale 32768. */
    S16LE(2),

    /** IEEE float32, full scale 1.0. */
    F32LE(4);

    private final int bytes;

    PcmEncoding(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per sample. */
    public int bytesPerSample() {
        return bytes;
    }

    /**
     * Reads {@code count} samples from {@code in} at its reader index into {@code out[offset ..]},
     * through one NIO view of the bytes (not a bounds-checked read per sample).
     */
    void read(ByteBuf in, float[] out, int offset, int count) {
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), count * this.bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (this == S16LE) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = bytes.getShort(2 * i) / 32768f;
            }
        } else {
            for (int i = 0; i < count; i++) {
                out[offset + i] = bytes.getFloat(4 * i);
            }
        }
        in.skipBytes(count * this.bytes);
    }

    /** The encoding named as on the command line: {@code s16le} or {@code f32le}. */
    public static PcmEncoding parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "s16le" -> S16LE;
            case "f32le" -> F32LE;
            default -> throw new IllegalArgumentException("unknown PCM encoding '" + name + "': s16le or f32le");
        };
    }
}
