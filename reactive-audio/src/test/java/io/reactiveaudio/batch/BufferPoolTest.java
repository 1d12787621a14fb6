package io.reactiveaudio.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void givesClearedLittleEndianDirectBuffersOfItsCapacity() {
        BufferPool pool = new BufferPool(64, 2);
        ByteBuffer buffer = pool.acquire();
        buffer.position(10).limit(20).order(ByteOrder.BIG_ENDIAN);
        pool.release(buffer);

        ByteBuffer again = pool.acquire();

        assertTrue(again.isDirect());
        assertEquals(ByteOrder.LITTLE_ENDIAN, again.order());
        assertEquals(0, again.position());
        assertEquals(64, again.limit());
        assertEquals(64, again.capacity());
    }

    @Test
    void aReleasedBufferIsHandedOutAgainAsTheSameInstance() {
        BufferPool pool = new BufferPool(16, 2);
        ByteBuffer first = pool.acquire();
        pool.release(first);

        assertSame(first, pool.acquire());
        assertEquals(1, pool.allocated());
    }

    @Test
    void allocatesOnlyWhenNoBufferIsFreeAndCountsWhatIsInUse() {
        BufferPool pool = new BufferPool(16, 3);
        assertCounts(pool, 0, 0, 0);

        ByteBuffer a = pool.acquire();
        ByteBuffer b = pool.acquire();
        assertCounts(pool, 2, 2, 0);

        pool.release(a);
        assertCounts(pool, 2, 1, 1);

        pool.acquire();
        assertCounts(pool, 2, 2, 0);

        pool.release(b);
        assertCounts(pool, 2, 1, 1);
    }

    @Test
    void anExhaustedPoolFailsAtOnceNamingTheBoundAndHowToRaiseIt() {
        BufferPool pool = new BufferPool(16, 2);
        pool.acquire();
        pool.acquire();

        IllegalStateException e = assertThrows(IllegalStateException.class, pool::acquire);

        assertTrue(e.getMessage().contains("maxBuffers = 2"), e.getMessage());
        assertTrue(e.getMessage().contains("Batcher.poolSize"), e.getMessage());
        assertTrue(e.getMessage().contains("Batch.release"), e.getMessage());
        assertCounts(pool, 2, 2, 0);
    }

    @Test
    void releasingABufferTwiceIsAnError() {
        BufferPool pool = new BufferPool(16, 2);
        ByteBuffer buffer = pool.acquire();
        pool.release(buffer);

        assertThrows(IllegalStateException.class, () -> pool.release(buffer));
        assertCounts(pool, 1, 0, 1);
    }

    @Test
    void releasingABufferFromElsewhereIsAnErrorEvenWithEqualContents() {
        BufferPool pool = new BufferPool(16, 2);
        ByteBuffer own = pool.acquire();

        assertThrows(IllegalArgumentException.class, () -> pool.release(ByteBuffer.allocateDirect(16)));
        assertEquals(own, ByteBuffer.allocateDirect(16), "same contents, so equals cannot tell them apart");
        assertCounts(pool, 1, 1, 0);
    }

    @Test
    void countsStayExactUnderConcurrentAcquireAndRelease() throws Exception {
        BufferPool pool = new BufferPool(8, 4);
        Runnable churn = () -> {
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer buffer = pool.acquire();
                buffer.put(0, (byte) i);
                pool.release(buffer);
            }
        };
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(CompletableFuture.runAsync(churn, r -> new Thread(r).start()));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(0, pool.inUse());
        assertTrue(pool.allocated() <= 3, pool.toString());
    }

    @Test
    void rejectsEmptyBuffersAndAnEmptyPool() {
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(16, 0));
        assertThrows(NullPointerException.class, () -> new BufferPool(16, 1).release(null));
    }

    private static void assertCounts(BufferPool pool, int allocated, int inUse, int available) {
        assertEquals(allocated, pool.allocated(), "allocated");
        assertEquals(inUse, pool.inUse(), "inUse");
        assertEquals(available, pool.available(), "available");
    }
}
