package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.FrameType;
import io.reactiveaudio.netty.protocol.Frames;
import io.reactiveaudio.netty.protocol.ProtocolException;
import io.reactiveaudio.netty.protocol.Welcome;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server's frames and reports them to a {@link FrameListener}. A BATCH payload is
 * copied once, from the socket's read buffers into one direct buffer of its exact size (the
 * copy a Python client's {@code recv_into} makes too); other frames are small (at most 64 KiB)
 * and parsed at once. One per channel, on its event loop.
 */
final class ClientFrameDecoder extends ChannelInboundHandlerAdapter {

    /** The largest payload of a frame other than BATCH. */
    static final int MAX_SMALL_FRAME = 64 * 1024;

    private final FrameListener listener;
    private final byte[] header = new byte[Frames.HEADER_BYTES];
    private int headerFill;
    private FrameType type;
    private ByteBuf payload;
    private boolean failed;
    private boolean closedReported;

    ClientFrameDecoder(FrameListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable() && !failed) {
                if (payload == null) {
                    int n = Math.min(Frames.HEADER_BYTES - headerFill, in.readableBytes());
                    in.readBytes(header, headerFill, n);
                    headerFill += n;
                    if (headerFill == Frames.HEADER_BYTES) {
                        startFrame(ctx);
                    }
                } else {
                    payload.writeBytes(in, Math.min(payload.writableBytes(), in.readableBytes()));
                    if (!payload.isWritable()) {
                        finishFrame();
                    }
                }
            }
        } catch (ProtocolException e) {
            fail(ctx, e);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropPayload();
        report(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void startFrame(ChannelHandlerContext ctx) {
        headerFill = 0;
        long length = (header[0] & 0xFFL) | (header[1] & 0xFFL) << 8 | (header[2] & 0xFFL) << 16
                | (header[3] & 0xFFL) << 24;
        type = FrameType.of(header[4] & 0xFF);
        if (type == null || type == FrameType.HANDSHAKE || type == FrameType.CREDIT) {
            throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION,
                    String.format("the server sent a frame of type 0x%02x", header[4] & 0xFF));
        }
        if (type != FrameType.BATCH && length > MAX_SMALL_FRAME) {
            throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION, type + " of " + length + " bytes");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION, "a batch of " + length + " bytes");
        }
        payload = type == FrameType.BATCH ? ctx.alloc().directBuffer((int) length, (int) length)
                : ctx.alloc().heapBuffer((int) length, (int) length);
        if (length == 0) {
            finishFrame();
        }
    }

    private void finishFrame() {
        ByteBuf frame = payload;
        payload = null;
        if (type == FrameType.BATCH) {
            listener.batch(frame);
            return;
        }
        try {
            switch (type) {
                case WELCOME -> listener.welcome(Welcome.decode(frame));
                case END_OF_EPOCH -> {
                    check(frame, 16);
                    listener.endOfEpoch(frame.readLongLE(), frame.readLongLE());
                }
                case END_OF_STREAM -> listener.endOfStream();
                case ERROR -> {
                    if (frame.readableBytes() < 2) {
                        throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION, "an ERROR without a code");
                    }
                    int code = frame.readUnsignedShortLE();
                    listener.error(code, frame.toString(StandardCharsets.UTF_8));
                }
                default -> throw new IllegalStateException(type.name());
            }
        } finally {
            frame.release();
        }
    }

    private static void check(ByteBuf frame, int bytes) {
        if (frame.readableBytes() != bytes) {
            throw new ProtocolException(ErrorCode.PROTOCOL_VIOLATION, "a frame of " + frame.readableBytes()
                    + " bytes where " + bytes + " were due");
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        dropPayload();
        report(cause);
        ctx.close();
    }

    private void report(Throwable cause) {
        if (!closedReported) {
            closedReported = true;
            listener.closed(cause);
        }
    }

    private void dropPayload() {
        if (payload != null) {
            payload.release();
            payload = null;
        }
    }
}
