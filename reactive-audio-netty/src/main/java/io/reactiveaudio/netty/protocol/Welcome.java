package io.reactiveaudio.netty.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.Frames;

/**
 * The server's WELCOME ({@code docs/protocol.md} §4): the protocol version, the most credit a
 * client may have outstanding, whether the stream is shared, and the epoch of the first batch.
 * Immutable.
 *
 * @param version protocol version, 1
 * @param maxCredit the most outstanding credits, at least 1
 * @param shared whether connections share one pipeline
 * @param epoch the epoch of the first batch that will be sent
 */
public record Welcome(int version, int maxCredit, boolean shared, long epoch) {

    /** Payload bytes of a WELCOME. */
    public static final int PAYLOAD_BYTES = 15;

    public Welcome {
        if (maxCredit < 1) {
            throw new IllegalArgumentException("maxCredit must be at least 1: " + maxCredit);
        }
    }

    /** The whole WELCOME frame. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(Frames.HEADER_BYTES + PAYLOAD_BYTES);
        Frames.writeHeader(out, FrameType.WELCOME, PAYLOAD_BYTES);
        return out.writeShortLE(version).writeIntLE(maxCredit).writeByte(shared ? 1 : 0).writeLongLE(epoch);
    }

    /**
     * Reads a WELCOME payload.
     *
     * @throws ProtocolException {@code PROTOCOL_VIOLATION} if it is not 15 bytes or states no credit
     */
    public static Welcome decode(ByteBuf payload) {
        if (payload.readableBytes() != PAYLOAD_BYTES) {
            throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION,
                    "a WELCOME has " + PAYLOAD_BYTES + " bytes, not " + payload.readableBytes());
        }
        int version = payload.readUnsignedShortLE();
        long maxCredit = payload.readUnsignedIntLE();
        boolean shared = (payload.readByte() & 1) != 0;
        long epoch = payload.readLongLE();
        if (maxCredit < 1 || maxCredit > Integer.MAX_VALUE) {
            throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION, "max_credit out of range: " + maxCredit);
        }
        return new Welcome(version, (int) maxCredit, shared, epoch);
    }
}
