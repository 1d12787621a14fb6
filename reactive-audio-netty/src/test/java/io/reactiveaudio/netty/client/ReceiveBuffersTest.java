package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

class ReceiveBuffersTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Test
    void aReleasedBufferIsLentAgainForAPayloadOfItsSize() {
        ReceiveBuffers buffers = new ReceiveBuffers(2);
        ByteBuf first = buffers.take(ALLOC, 3 << 20);
        long memory = first.memoryAddress();
        first.writerIndex(first.capacity()).release();

        ByteBuf second = buffers.take(ALLOC, 3 << 20);

        assertEquals(memory, second.memoryAddress());
        assertEquals(0, second.writerIndex(), "lent empty");
        assertEquals(3 << 20, second.writableBytes());
        assertEquals(1, buffers.size());
        second.release();
        buffers.close();
    }

    @Test
    void aBufferStillHeldIsNotLentAgain() {
        ReceiveBuffers buffers = new ReceiveBuffers(2);
        ByteBuf held = buffers.take(ALLOC, 1000);
        ByteBuf view = held.retainedDuplicate();
        held.release();

        ByteBuf next = buffers.take(ALLOC, 1000);

        assertNotEquals(held.memoryAddress(), next.memoryAddress());
        assertEquals(2, buffers.size());
        view.release();
        next.release();
        buffers.close();
    }

    @Test
    void beyondTheLimitAPayloadGetsABufferOfItsOwnFreedOnRelease() {
        ReceiveBuffers buffers = new ReceiveBuffers(1);
        ByteBuf kept = buffers.take(ALLOC, 1000);

        ByteBuf own = buffers.take(ALLOC, 1000);

        assertEquals(1, buffers.size());
        own.release();
        assertEquals(0, own.refCnt());
        kept.release();
        buffers.close();
    }

    @Test
    void aPayloadOfAnotherSizeReplacesAFreeBuffer() {
        ReceiveBuffers buffers = new ReceiveBuffers(1);
        ByteBuf small = buffers.take(ALLOC, 1000);
        ByteBuf smallRoot = small.unwrap();
        small.release();

        ByteBuf large = buffers.take(ALLOC, 2000);

        assertEquals(0, smallRoot.refCnt(), "the replaced buffer is freed");
        assertEquals(2000, large.writableBytes());
        assertEquals(1, buffers.size());
        large.release();
        buffers.close();
    }

    @Test
    void closingFreesFreeBuffersAtOnceAndLentOnesWhenReleased() {
        ReceiveBuffers buffers = new ReceiveBuffers(2);
        ByteBuf lent = buffers.take(ALLOC, 1000);
        ByteBuf free = buffers.take(ALLOC, 1000);
        ByteBuf freeRoot = free.unwrap();
        free.release();

        buffers.close();

        assertEquals(0, freeRoot.refCnt());
        assertEquals(1, lent.unwrap().refCnt());
        ByteBuf lentRoot = lent.unwrap();
        lent.release();
        assertEquals(0, lentRoot.refCnt());
        ByteBuf after = buffers.take(ALLOC, 1000);
        assertEquals(0, buffers.size(), "a closed pool keeps nothing");
        after.release();
        assertEquals(0, after.refCnt());
    }
}
