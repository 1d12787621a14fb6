package io.reactiveaudio.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;

/**
 * A whole BATCH frame that copies none of the batch's samples: a small buffer with the frame
 * header and the safetensors head ({@link SafetensorsWriter#head}), then the batch's pooled
 * buffer itself, wrapped. When the last reference is released (Netty does so once the write has
 * completed, or failed, or when a queued frame is dropped), the batch is released and its buffer
 * goes back to its pool.
 *
 * <p>Not thread-safe, like any {@link ByteBuf}; reference counting is.
 */
public final class BatchFrame extends CompositeByteBuf {

    private final BatchTensors tensors;

    private BatchFrame(ByteBufAllocator alloc, ByteBuf head, ByteBuf payload, BatchTensors tensors) {
        super(alloc, true, 2, head, payload);
        this.tensors = tensors;
    }

    /**
     * The frame of {@code tensors} with {@code metadata}; takes ownership of {@code tensors}
     * (released with the frame, or at once if building the frame fails).
     */
    public static BatchFrame of(ByteBufAllocator alloc, BatchTensors tensors, Map<String, String> metadata) {
        ByteBuf head = null;
        try {
            byte[] safetensorsHead = SafetensorsWriter.head(tensors, metadata);
            long length = (long) safetensorsHead.length + tensors.dataBytes();
            head = alloc.buffer(Frames.HEADER_BYTES + safetensorsHead.length);
            Frames.writeHeader(head, FrameType.BATCH, length);
            head.writeBytes(safetensorsHead);
            return new BatchFrame(alloc, head, Unpooled.wrappedBuffer(tensors.data()), tensors);
        } catch (RuntimeException | Error e) {
            if (head != null) {
                head.release();
            }
            tensors.release();
            throw e;
        }
    }

    /** The batch inside; valid until this frame is released. */
    public BatchTensors tensors() {
        return tensors;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate();
        } finally {
            tensors.release();
        }
    }
}
