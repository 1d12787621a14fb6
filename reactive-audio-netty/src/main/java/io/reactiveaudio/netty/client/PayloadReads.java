package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The receive buffers of a client's channel: while a BATCH payload is being received, the socket
 * reads straight into the payload's own buffer (a slice of its unwritten part, from
 * {@link ClientFrameDecoder#lendPayload()}), so each read takes all the kernel holds up to the
 * payload's end and nothing is copied again; otherwise it reads just the bytes the current frame
 * still needs into the decoder's small buffer ({@link ClientFrameDecoder#lendSpare}), or, once the
 * decoder is done, into buffers of the channel's previous allocator. Only for a plain TCP
 * channel: behind TLS the socket's bytes are not the payload's. One per channel, used on its
 * event loop.
 */
final class PayloadReads implements RecvByteBufAllocator {

    private final RecvByteBufAllocator delegate;
    private final ClientFrameDecoder decoder;

    PayloadReads(RecvByteBufAllocator delegate, ClientFrameDecoder decoder) {
        this.delegate = delegate;
        this.decoder = decoder;
    }

    @Override
    public Handle newHandle() {
        return new PayloadHandle((ExtendedHandle) delegate.newHandle());
    }

    /** The delegate's handle, with the payload's slice as the buffer whenever there is one. */
    private final class PayloadHandle implements ExtendedHandle {

        private final ExtendedHandle handle;

        PayloadHandle(ExtendedHandle handle) {
            this.handle = handle;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf payload = decoder.lendPayload();
            if (payload != null) {
                return payload;
            }
            ByteBuf spare = decoder.lendSpare(alloc);
            return spare != null ? spare : handle.allocate(alloc);
        }

        @Override
        public int guess() {
            return handle.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            handle.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            handle.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            handle.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return handle.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            handle.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return handle.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return handle.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return handle.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            handle.readComplete();
        }
    }
}
