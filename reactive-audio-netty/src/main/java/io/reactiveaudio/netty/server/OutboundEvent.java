package io.reactiveaudio.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactiveaudio.netty.internal.BatchTensors;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;
import java.util.function.LongConsumer;

/** What a connection sends after WELCOME, before it becomes bytes; only a batch owns a buffer. */
sealed interface OutboundEvent {

    /**
     * The message to write: the frame's buffer, or for a batch a {@link BatchWrite} that keeps
     * the batch until its write has settled and then tells {@code written} the frame's bytes if
     * it was completely written.
     */
    Object encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint, LongConsumer written);

    /** Releases what the event owns; for a batch that will not be written at all, see {@link #unsent()}. */
    default void release() {
    }

    /** The event will not be written: a batch goes back to its {@link Dealer}, anything else is released. */
    default void unsent() {
        release();
    }

    /** Whether it ends the connection's stream. */
    default boolean last() {
        return false;
    }

    /** What becomes of a batch once its write has settled. Thread-safe. */
    interface Dealer {

        /** Releases the batch, written or not: a connection's own pipeline can make it again on resume. */
        Dealer RELEASE = new Dealer() {
            @Override
            public void written(BatchEvent batch) {
                batch.release();
            }

            @Override
            public void unwritten(BatchEvent batch) {
                batch.release();
            }
        };

        /** Its frame was completely written to the socket; the dealer now releases it. */
        void written(BatchEvent batch);

        /** Its frame was not completely written (queued, failed or cut off): the dealer now owns it again. */
        void unwritten(BatchEvent batch);
    }

    /** Batch {@code number} (from 1) of {@code epoch}, settled by {@code dealer}. */
    record BatchEvent(BatchTensors tensors, long epoch, long number, Dealer dealer) implements OutboundEvent {

        /** A batch its pipeline made, released once written or not. */
        BatchEvent(BatchTensors tensors, long epoch, long number) {
            this(tensors, epoch, number, Dealer.RELEASE);
        }

        /** The same batch, settled by {@code other}. */
        BatchEvent dealtBy(Dealer other) {
            return new BatchEvent(tensors, epoch, number, other);
        }

        @Override
        public Object encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint, LongConsumer written) {
            return BatchWrite.of(alloc, this, stream, withCheckpoint, written);
        }

        @Override
        public void release() {
            tensors.release();
        }

        @Override
        public void unsent() {
            dealer.unwritten(this);
        }
    }

    /** The end of {@code epoch}, after {@code batches} batches of it on this connection. */
    record EpochEnd(long epoch, long batches) implements OutboundEvent {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint, LongConsumer written) {
            return Frames.endOfEpoch(alloc, epoch, batches);
        }
    }

    /** No more epochs. */
    record StreamEnd() implements OutboundEvent {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint, LongConsumer written) {
            return Frames.endOfStream(alloc);
        }

        @Override
        public boolean last() {
            return true;
        }
    }

    /** The stream or the connection failed. */
    record Failure(ErrorCode code, String message) implements OutboundEvent {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint, LongConsumer written) {
            return Frames.error(alloc, code.code(), message);
        }

        @Override
        public boolean last() {
            return true;
        }
    }
}
