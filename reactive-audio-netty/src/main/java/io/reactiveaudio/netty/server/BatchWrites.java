package io.reactiveaudio.netty.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Hands each {@link BatchWrite}'s frame to the transport with a promise the batch listens to, so
 * a batch counts as sent only once its last byte is in the kernel's send buffer (for credit, see
 * docs/protocol.md §5, and for a shared stream's batches, §9). It stands on the application side
 * of TLS, so behind TLS the promise completes when the frame's encrypted records are written.
 * Every other message passes unchanged. Stateless: one instance serves every connection, on their
 * event loops.
 */
@ChannelHandler.Sharable
final class BatchWrites extends ChannelOutboundHandlerAdapter {

    /** The one instance. */
    static final BatchWrites INSTANCE = new BatchWrites();

    private BatchWrites() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof BatchWrite write) {
            ChannelPromise settled = promise.unvoid();
            write.submitted(settled);
            ctx.write(write.content(), settled);
        } else {
            ctx.write(msg, promise);
        }
    }
}
