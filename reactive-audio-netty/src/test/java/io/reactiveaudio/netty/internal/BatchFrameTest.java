package io.reactiveaudio.netty.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchFrameTest {

    @Test
    void theFrameIsHeaderThenSafetensorsWithTheSamplesReadFromThePooledBufferItself() {
        BufferPool pool = new BufferPool(4 * 6 * 2 * 4, 1);
        BatchTensors tensors = BatchTensors.of(TestBatches.one(pool, 4, 6, 2, Layout.BTC));
        Map<String, String> metadata = BatchMetadata.of("train", tensors, 0, 1, true);
        byte[] head = SafetensorsWriter.head(tensors, metadata);
        byte[] samples = ByteBufUtil.getBytes(Unpooled.wrappedBuffer(tensors.data()));

        BatchFrame frame = BatchFrame.of(ByteBufAllocator.DEFAULT, tensors, metadata);

        assertEquals(8 + head.length + samples.length, frame.readableBytes());
        assertEquals(head.length + samples.length, frame.getIntLE(0));
        assertEquals(FrameType.BATCH.code(), frame.getUnsignedByte(4));
        assertArrayEquals(head, ByteBufUtil.getBytes(frame, 8, head.length));
        assertArrayEquals(samples, ByteBufUtil.getBytes(frame, 8 + head.length, samples.length));
        ByteBuf payload = frame.component(1);
        assertEquals(PlatformDependent.directBufferAddress(tensors.data()), payload.memoryAddress(),
                "the samples are sent from the batch's own buffer, not a copy");
        assertEquals(1, pool.inUse());

        assertTrue(frame.release());
        assertEquals(0, pool.inUse());
    }
}
