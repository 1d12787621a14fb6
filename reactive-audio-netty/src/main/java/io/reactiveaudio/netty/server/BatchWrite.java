package io.reactiveaudio.netty.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.channel.ChannelPromise;
import io.reactiveaudio.netty.internal.BatchFrame;
import io.reactiveaudio.netty.internal.BatchMetadata;
import io.reactiveaudio.netty.internal.BatchTensors;
import io.reactiveaudio.netty.server.OutboundEvent.BatchEvent;
import java.util.function.LongConsumer;

/**
 * A BATCH frame on its way to a socket, and the one decision of what became of its batch.
 *
 * <p>The frame is built from the batch's tensors {@link BatchTensors#lent lent},
 * so releasing the frame does not release the batch: the batch stays with this object until the
 * write has <em>settled</em>. It is <b>written</b> when {@link BatchWrites} passed the frame to the
 * transport and the write's promise succeeded: every byte of it is in the kernel's send buffer
 * (behind TLS: every byte of its encrypted records). Then {@code written} hears the frame's
 * bytes, at once, on the connection's event loop, and the batch goes to its dealer's
 * {@link OutboundEvent.Dealer#written written}. Anything else (the message was discarded before
 * reaching the transport, or its write failed, complete or cut off) is <b>unwritten</b>, and the
 * batch goes back to its dealer's {@link OutboundEvent.Dealer#unwritten unwritten}. Either
 * happens once, and only after the frame was released, so nothing reads the batch's buffer any more.
 *
 * <p>Netty releases the frame before it completes the promise; the order does not matter here.
 * Thread-safe: the promise completes on the event loop, a discard may happen on any thread.
 */
final class BatchWrite extends DefaultByteBufHolder {

    private final Settlement settlement;

    private BatchWrite(BatchFrame frame, Settlement settlement) {
        super(frame);
        this.settlement = settlement;
    }

    /** The frame of {@code batch}, which it keeps until the write settles. */
    static BatchWrite of(ByteBufAllocator alloc, BatchEvent batch, String stream, boolean withCheckpoint,
                         LongConsumer written) {
        Settlement settlement = new Settlement(batch, written);
        BatchTensors lent = batch.tensors().lent(settlement::frameReleased);
        BatchFrame frame;
        try {
            frame = BatchFrame.of(alloc, lent, BatchMetadata.of(stream, lent, batch.epoch(), batch.number(),
                    withCheckpoint));
        } catch (RuntimeException | Error e) {
            lent.release();
            throw e;
        }
        settlement.frameBytes = frame.readableBytes();
        return new BatchWrite(frame, settlement);
    }

    /** The transport takes the frame; {@code promise} tells whether it was written. On the event loop. */
    void submitted(ChannelPromise promise) {
        settlement.submitted();
        promise.addListener(future -> settlement.settled(future.isSuccess()));
    }

    /** Decides, once, from the frame's release, whether it was submitted, and the write's outcome. */
    private static final class Settlement {

        private final BatchEvent batch;
        private final LongConsumer written;
        private volatile long frameBytes;
        private boolean frameReleased;
        private boolean submitted;
        private Boolean success;
        private boolean settled;

        Settlement(BatchEvent batch, LongConsumer written) {
            this.batch = batch;
            this.written = written;
        }

        synchronized void submitted() {
            submitted = true;
        }

        void settled(boolean ok) {
            synchronized (this) {
                success = ok;
            }
            if (ok) {
                written.accept(frameBytes);
            }
            decide();
        }

        void frameReleased() {
            synchronized (this) {
                frameReleased = true;
            }
            decide();
        }

        private void decide() {
            boolean ok;
            synchronized (this) {
                if (settled || !frameReleased || (submitted && success == null)) {
                    return;
                }
                settled = true;
                ok = success != null && success;
            }
            if (ok) {
                batch.dealer().written(batch);
            } else {
                batch.dealer().unwritten(batch);
            }
        }
    }
}
