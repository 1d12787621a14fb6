package io.reactiveaudio.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import io.reactiveaudio.netty.protocol.ProtocolException;
import io.reactiveaudio.netty.server.InboundMessage.Credit;
import io.reactiveaudio.netty.server.InboundMessage.Violation;
import java.util.List;

/**
 * Turns a client's bytes into a {@link Handshake}, then {@link Credit}s; the first thing that
 * breaks the protocol becomes one {@link Violation}, and every byte after it is dropped. A frame
 * header stating a payload over the limit (the handshake's, then 64 bytes) is refused as soon as
 * its 8 bytes have arrived. One per channel, used on its event loop.
 */
final class ServerFrameDecoder extends ByteToMessageDecoder {

    /** The largest client frame payload accepted after the handshake. */
    static final int MAX_FRAME_AFTER_HANDSHAKE = 64;

    private final int maxHandshakeBytes;
    private boolean handshaken;
    private boolean failed;

    ServerFrameDecoder(int maxHandshakeBytes) {
        this.maxHandshakeBytes = maxHandshakeBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= Frames.HEADER_BYTES) {
            long length = in.getUnsignedIntLE(in.readerIndex());
            int type = in.getUnsignedByte(in.readerIndex() + 4);
            Violation refused = handshaken ? checkAfterHandshake(type, length) : checkHandshake(type, length);
            if (refused != null) {
                fail(out, refused);
                break;
            }
            if (in.readableBytes() < Frames.HEADER_BYTES + length) {
                break;
            }
            in.skipBytes(Frames.HEADER_BYTES);
            ByteBuf payload = in.readSlice((int) length);
            out.add(handshaken ? credit(payload) : handshake(payload));
            handshaken = true;
            if (out.get(out.size() - 1) instanceof Violation) {
                failed = true;
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private Violation checkHandshake(int type, long length) {
        if (type != FrameType.HANDSHAKE.code()) {
            return new Violation(ErrorCode.MALFORMED_HANDSHAKE,
                    String.format("the first frame must be a HANDSHAKE (type 0x01), not type 0x%02x", type));
        }
        if (length > maxHandshakeBytes) {
            return new Violation(ErrorCode.HANDSHAKE_TOO_LARGE,
                    "the handshake states " + length + " bytes; the limit is " + maxHandshakeBytes);
        }
        return null;
    }

    private static Violation checkAfterHandshake(int type, long length) {
        if (type != FrameType.CREDIT.code()) {
            return new Violation(ErrorCode.PROTOCOL_VIOLATION,
                    String.format("after the handshake only CREDIT frames (type 0x02) are allowed, not type 0x%02x",
                            type));
        }
        if (length > MAX_FRAME_AFTER_HANDSHAKE) {
            return new Violation(ErrorCode.PROTOCOL_VIOLATION, "a CREDIT has 4 bytes, not " + length);
        }
        return null;
    }

    private static Object handshake(ByteBuf payload) {
        try {
            return Handshake.decode(payload);
        } catch (ProtocolException e) {
            return new Violation(e.code(), e.detail());
        }
    }

    private static InboundMessage credit(ByteBuf payload) {
        if (payload.readableBytes() != 4) {
            return new Violation(ErrorCode.PROTOCOL_VIOLATION, "a CREDIT has 4 bytes, not " + payload.readableBytes());
        }
        long n = payload.readUnsignedIntLE();
        return n == 0 ? new Violation(ErrorCode.PROTOCOL_VIOLATION, "a CREDIT must grant at least 1 batch")
                : new Credit(n);
    }

    private void fail(List<Object> out, Violation violation) {
        out.add(violation);
        failed = true;
    }
}
