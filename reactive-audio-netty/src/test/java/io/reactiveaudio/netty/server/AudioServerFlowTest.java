package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.protocol.Handshake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class AudioServerFlowTest {

    private static final int ITEMS = 4;
    private static final int FRAMES = 16_000;
    private static final int BATCHES = 40;
    private static final int MAX_CREDIT = 3;

    private final BufferPool pool = new BufferPool(ITEMS * FRAMES * 4, 16);
    private final AtomicInteger made = new AtomicInteger();
    private AudioServer server;

    @BeforeEach
    void start() {
        server = AudioServer.builder()
                .stream("train", request -> request.epoch() >= 1 ? Flux.empty()
                        : TestBatches.of(pool, BATCHES, ITEMS, FRAMES, 1, Layout.BTC).doOnNext(b -> made.incrementAndGet()))
                .maxCredit(MAX_CREDIT)
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.dispose();
    }

    @Test
    void aClientThatStopsReadingHoldsAtMostItsCreditInThePoolAndFreesItOnClose() throws Exception {
        RawClient sleeper = RawClient.withReceiveBuffer(server.port(), 4096);
        sleeper.send(handshake());
        assertEquals(FrameType.WELCOME.code(), sleeper.read().type());
        sleeper.credit(MAX_CREDIT);

        Awaits.until(() -> made.get() == MAX_CREDIT, "the granted batches made");
        for (int i = 0; i < 20; i++) {
            Thread.sleep(25);
            assertTrue(pool.inUse() <= MAX_CREDIT, "pool in use " + pool.inUse());
        }
        assertEquals(MAX_CREDIT, made.get(), "no batch beyond the credit is made while the client sleeps");
        assertTrue(pool.allocated() <= MAX_CREDIT, "buffers ever allocated: " + pool.allocated());

        sleeper.kill();
        Awaits.until(() -> pool.inUse() == 0, "the sleeper's batches back in the pool");
        Awaits.until(() -> server.connections() == 0, "the connection forgotten");
    }

    @Test
    void aClientKilledMidStreamLeavesTheOthersIntactAndItsResourcesFreed() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawClient client = new RawClient(server.port());
            client.send(handshake());
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            client.credit(MAX_CREDIT);
            clients.add(client);
        }
        int[] received = new int[3];
        for (int round = 0; round < 2; round++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(FrameType.BATCH.code(), clients.get(c).read().type());
                received[c]++;
                clients.get(c).credit(1);
            }
        }
        clients.get(1).kill();

        for (int c : new int[] {0, 2}) {
            RawClient client = clients.get(c);
            RawClient.Frame frame;
            while ((frame = client.read()).type() == FrameType.BATCH.code()) {
                received[c]++;
                if (received[c] + MAX_CREDIT <= BATCHES) {
                    client.credit(1);
                }
            }
            assertEquals(FrameType.END_OF_EPOCH.code(), frame.type());
            assertEquals(BATCHES, frame.le().getLong(8));
            assertEquals(FrameType.END_OF_STREAM.code(), client.read().type());
            client.close();
        }
        assertEquals(BATCHES, received[0]);
        assertEquals(BATCHES, received[2]);
        Awaits.until(() -> pool.inUse() == 0, "every batch back in the pool");
        Awaits.until(() -> server.connections() == 0, "every connection forgotten");
    }

    private static Handshake handshake() {
        return new Handshake("train", 0, 1, 0, 0, 0, null, null);
    }
}
