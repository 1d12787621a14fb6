package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.ProtocolException;
import io.reactiveaudio.netty.protocol.Welcome;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server's frames and reports them to a {@link FrameListener}. A BATCH payload goes
 * into one direct buffer of its exact size from {@link ReceiveBuffers}: on a plain TCP channel
 * the socket reads straight into it ({@link PayloadReads}, the one copy a Python client's
 * {@code recv_into} makes too), except what came in the same read as the frame's header, which
 * is copied; behind TLS all of it is copied from the decrypted buffers. Other frames are small
 * (at most 64 KiB) and parsed at once. On a plain TCP channel the rest (headers, small frames,
 * short tails of payloads) is read into one small buffer of the decoder's own, never past the
 * current frame ({@link #lendSpare}), so that receiving takes nothing from the channel's allocator.
 * One per channel, on its event loop.
 */
final class ClientFrameDecoder extends ChannelInboundHandlerAdapter {

    /** The largest payload of a frame other than BATCH. */
    static final int MAX_SMALL_FRAME = 64 * 1024;

    /** The fewest unread bytes of a BATCH payload worth a socket read of their own. */
    static final int MIN_LENT_BYTES = 16 * 1024;

    /** The size of the buffer that {@link #lendSpare} lends from. */
    static final int SPARE_BYTES = MIN_LENT_BYTES;

    private final FrameListener listener;
    private final ReceiveBuffers buffers;
    private final byte[] header = new byte[Frames.HEADER_BYTES];
    private int headerFill;
    private FrameType type;
    private ByteBuf payload;
    private ByteBuf lent;
    private ByteBuf spare;
    private boolean failed;
    private boolean closedReported;

    /** @param buffers where BATCH payloads go */
    ClientFrameDecoder(FrameListener listener, ReceiveBuffers buffers) {
        this.listener = listener;
        this.buffers = buffers;
    }

    /**
     * A slice of the BATCH payload's unwritten part for the socket to read into, or null when no
     * payload of at least {@link #MIN_LENT_BYTES} is awaited; what the read puts there comes back
     * as the slice itself in {@link #channelRead}.
     */
    ByteBuf lendPayload() {
        if (failed || payload == null || type != FrameType.BATCH || payload.writableBytes() < MIN_LENT_BYTES) {
            return null;
        }
        lent = payload.retainedSlice(payload.writerIndex(), payload.writableBytes()).clear();
        return lent;
    }

    /**
     * When {@link #lendPayload()} has nothing to lend: a slice of the decoder's own small buffer
     * (allocated from {@code alloc} at the first call) of just the bytes the current frame still
     * needs, its header's or, up to the buffer's size, its payload's; null once the decoder has
     * failed or been removed. What the read puts there comes back as the slice in {@link #channelRead}.
     */
    ByteBuf lendSpare(ByteBufAllocator alloc) {
        if (failed || closedReported) {
            return null;
        }
        if (spare == null) {
            spare = alloc.directBuffer(SPARE_BYTES, SPARE_BYTES);
        }
        int wanted = payload == null ? Frames.HEADER_BYTES - headerFill
                : Math.min(payload.writableBytes(), SPARE_BYTES);
        return spare.retainedSlice(0, wanted).clear();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (in == lent) {
            lent = null;
            try {
                if (payload != null) {
                    payload.writerIndex(payload.writerIndex() + in.readableBytes());
                    if (!payload.isWritable()) {
                        finishFrame();
                    }
                }
            } finally {
                in.release();
            }
            return;
        }
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
        dropSpare();
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
        payload = type == FrameType.BATCH ? buffers.take(ctx.alloc(), (int) length)
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

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failed = true;
        dropPayload();
        dropSpare();
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        dropPayload();
        dropSpare();
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

    /** Gives up the spare buffer; a slice still being read into keeps it until released. */
    private void dropSpare() {
        if (spare != null) {
            spare.release();
            spare = null;
        }
    }
}
