package io.reactiveaudio.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encoders for the small frames of {@code docs/protocol.md}: each returns one buffer holding the
 * 8-byte frame header (u32 LE payload length, type byte, three zero bytes) and the payload.
 * Stateless and thread-safe; the caller owns the returned buffers.
 */
public final class Frames {

    /** Bytes of every frame header. */
    public static final int HEADER_BYTES = 8;
    /** The most bytes of an ERROR frame's message. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 1024;
    /** The largest payload length a frame header can state. */
    public static final long MAX_PAYLOAD_BYTES = 0xFFFF_FFFFL;

    private Frames() {
    }

    /** Writes a frame header for a payload of {@code length} bytes. */
    public static void writeHeader(ByteBuf out, FrameType type, long length) {
        if (length < 0 || length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a frame's payload must fit a u32: " + length + " bytes");
        }
        out.writeIntLE((int) length).writeByte(type.code()).writeZero(3);
    }

    /** A CREDIT frame granting {@code n} batches. */
    public static ByteBuf credit(ByteBufAllocator alloc, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a credit must be at least 1: " + n);
        }
        ByteBuf out = alloc.buffer(HEADER_BYTES + 4);
        writeHeader(out, FrameType.CREDIT, 4);
        return out.writeIntLE(n);
    }

    /** An END_OF_EPOCH frame. */
    public static ByteBuf endOfEpoch(ByteBufAllocator alloc, long epoch, long batches) {
        ByteBuf out = alloc.buffer(HEADER_BYTES + 16);
        writeHeader(out, FrameType.END_OF_EPOCH, 16);
        return out.writeLongLE(epoch).writeLongLE(batches);
    }

    /** An END_OF_STREAM frame. */
    public static ByteBuf endOfStream(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(HEADER_BYTES);
        writeHeader(out, FrameType.END_OF_STREAM, 0);
        return out;
    }

    /**
     * An ERROR frame with the wire value of an {@code ErrorCode}; the message is cut to
     * {@value #MAX_ERROR_MESSAGE_BYTES} bytes of UTF-8 (at a character boundary).
     */
    public static ByteBuf error(ByteBufAllocator alloc, int code, String message) {
        byte[] text = truncatedUtf8(message == null ? "" : message);
        ByteBuf out = alloc.buffer(HEADER_BYTES + 2 + text.length);
        writeHeader(out, FrameType.ERROR, 2 + text.length);
        return out.writeShortLE(code).writeBytes(text);
    }

    private static byte[] truncatedUtf8(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (text.length <= MAX_ERROR_MESSAGE_BYTES) {
            return text;
        }
        int end = MAX_ERROR_MESSAGE_BYTES;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(text, end);
    }
}
