package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Credit counts the BATCH frames written to the socket, not those queued for it: a client that
 * grants more while its batches sit unread breaks {@code max_credit} and gets {@code
 * CREDIT_OVERFLOW}, and no client can make the server hold more than {@code max_credit} of its
 * batches.
 */
class AudioServerCreditTest {

    private static final int ITEMS = 4;
    private static final int FRAMES = 16_000;
    private static final int BATCHES = 30;
    private static final int MAX_CREDIT = 3;
    private static final int POOL_BUFFERS = 12;

    /** One pool per rank: rank 0 is the client that stops reading, rank 1 the one that reads. */
    private final BufferPool[] pools = {new BufferPool(ITEMS * FRAMES * 4, POOL_BUFFERS),
            new BufferPool(ITEMS * FRAMES * 4, POOL_BUFFERS)};
    private final AtomicInteger[] made = {new AtomicInteger(), new AtomicInteger()};
    private AudioServer server;

    @BeforeEach
    void start() {
        server = AudioServer.builder()
                .stream("train", request -> request.epoch() >= 1 ? Flux.empty()
                        : TestBatches.of(pools[request.rank()], BATCHES, ITEMS, FRAMES, 1, Layout.BTC)
                        .doOnNext(b -> made[request.rank()].incrementAndGet()))
                .maxCredit(MAX_CREDIT)
                .sendBuffer(16 * 1024)
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.dispose();
    }

    @Test
    void aClientThatGrantsMoreWithoutReadingGetsCreditOverflowAndCannotDrainThePoolWhileAnotherKeepsReceiving()
            throws Exception {
        RawClient hoarder = RawClient.withReceiveBuffer(server.port(), 4096);
        hoarder.send(new Handshake("train", 0, 2, 0, 0, 0, null, null));
        assertEquals(FrameType.WELCOME.code(), hoarder.read().type());
        RawClient reader = new RawClient(server.port());
        reader.send(new Handshake("train", 1, 2, 0, 0, 0, null, null));
        assertEquals(FrameType.WELCOME.code(), reader.read().type());
        reader.credit(MAX_CREDIT);

        // every batch the server made for it is still unread (a batch is 256 KiB, the socket
        // buffers a few KiB), yet it grants one more each time the server has made what it granted
        int granted = MAX_CREDIT;
        hoarder.credit(MAX_CREDIT);
        while (granted <= POOL_BUFFERS && madeWithin(0, granted, 1_000)) {
            hoarder.credit(1);
            granted++;
        }

        int readerBatches = 0;
        RawClient.Frame frame;
        while ((frame = reader.read()).type() == FrameType.BATCH.code()) {
            readerBatches++;
            if (readerBatches + MAX_CREDIT <= BATCHES) {
                reader.credit(1);
            }
        }
        assertEquals(FrameType.END_OF_EPOCH.code(), frame.type(), "the reader's stream ends normally");
        assertEquals(BATCHES, readerBatches);
        assertEquals(FrameType.END_OF_STREAM.code(), reader.read().type());

        int hoarded = 0;
        while ((frame = hoarder.read()).type() == FrameType.BATCH.code()) {
            hoarded++;
        }
        assertEquals(FrameType.ERROR.code(), frame.type());
        assertEquals(ErrorCode.CREDIT_OVERFLOW.code(), frame.errorCode(), frame.errorMessage());
        assertTrue(hoarded <= MAX_CREDIT, "batches the hoarder got before its error: " + hoarded);
        assertTrue(pools[0].allocated() <= MAX_CREDIT,
                "the hoarder's pool allocated " + pools[0].allocated() + " buffers, more than max_credit");
        assertTrue(hoarder.closedByServer());
        reader.close();
        hoarder.close();
        Awaits.until(() -> pools[0].inUse() == 0 && pools[1].inUse() == 0, "every batch back in its pool");
    }

    /** Whether rank {@code rank}'s pipeline has made {@code count} batches within {@code millis}. */
    private boolean madeWithin(int rank, int count, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (made[rank].get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
