package io.reactiveaudio.netty.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactiveaudio.netty.internal.BatchFrame;
import io.reactiveaudio.netty.internal.BatchMetadata;
import io.reactiveaudio.netty.internal.BatchTensors;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;

/** What a connection sends after WELCOME, before it becomes bytes; only a batch owns a buffer. */
sealed interface OutboundEvent {

    /** The frame; takes ownership of a batch's buffer. */
    ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint);

    /** Releases what the event owns, if it is not encoded. */
    default void release() {
    }

    /** Whether it ends the connection's stream. */
    default boolean last() {
        return false;
    }

    /** Batch {@code number} (from 1) of {@code epoch}. */
    record BatchEvent(BatchTensors tensors, long epoch, long number) implements OutboundEvent {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint) {
            return BatchFrame.of(alloc, tensors, BatchMetadata.of(stream, tensors, epoch, number, withCheckpoint));
        }

        @Override
        public void release() {
            tensors.release();
        }
    }

    /** The end of {@code epoch}, after {@code batches} batches of it on this connection. */
    record EpochEnd(long epoch, long batches) implements OutboundEvent {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint) {
            return Frames.endOfEpoch(alloc, epoch, batches);
        }
    }

    /** No more epochs. */
    record StreamEnd() implements OutboundEvent {
        @Override
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint) {
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
        public ByteBuf encode(ByteBufAllocator alloc, String stream, boolean withCheckpoint) {
            return Frames.error(alloc, code.code(), message);
        }

        @Override
        public boolean last() {
            return true;
        }
    }
}
