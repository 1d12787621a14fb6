package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that does not send its whole HANDSHAKE within the server's {@code handshakeTimeout}
 * (here 500 ms; 10 s by default) gets {@code HANDSHAKE_TIMEOUT} at that time, counted from the
 * accept, whatever it sends meanwhile: bytes that trickle in do not extend it. Its connection
 * slot is then free again, so slow peers cannot hold the server's connection cap for longer.
 */
class FaultSlowHandshakeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** What a loaded 2-core machine may add to the timer before the ERROR arrives. */
    private static final long SLACK_MILLIS = 1_000;

    private AudioServer server;

    @AfterEach
    void stop() {
        server.dispose();
    }

    private void serve(int maxConnections) {
        BufferPool pool = new BufferPool(4 * 1_000 * Float.BYTES, 64);
        server = AudioServer.builder()
                .stream("bench", ReadyBatches.of(pool, 4, 1_000))
                .handshakeTimeout(TIMEOUT)
                .maxConnections(maxConnections)
                .bindNow();
    }

    @Test
    void silentPartialAndTricklingPeersAreCutAtTheTimeoutWhileAHandshakeCompletedInTimeIsWelcomed()
            throws Exception {
        int peers = FaultRuns.count(16, 200);
        serve(peers + 8);
        byte[] handshake = RawClient.frame(new Handshake("bench", 0, 1, 0, 0, 0, null, null));
        ExecutorService threads = Executors.newFixedThreadPool(peers + 1);
        try {
            List<Future<Long>> cut = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                int kind = i % 4;
                cut.add(threads.submit(() -> switch (kind) {
                    case 0 -> cutAfter(new byte[0], 0);                                   // silent
                    case 1 -> cutAfter(Arrays.copyOf(handshake, 3), 0);                   // part of a header
                    case 2 -> cutAfter(Arrays.copyOf(handshake, 8), 0);                   // a header, no payload
                    default -> cutAfter(handshake, 2 * TIMEOUT.toMillis() / handshake.length); // a byte at a time
                }));
            }
            Future<Boolean> inTime = threads.submit(() -> welcomedAfterTrickling(handshake,
                    TIMEOUT.toMillis() / 2 / 10));
            long[] millis = new long[peers];
            for (int i = 0; i < peers; i++) {
                millis[i] = cut.get(i).get();
            }
            assertTrue(inTime.get(), "a handshake trickled over half the timeout is welcomed");
            Arrays.sort(millis);
            FaultRuns.report("slow-handshakes peers=%d timeout_ms=%d cut_after_ms min=%d median=%d max=%d",
                    peers, TIMEOUT.toMillis(), millis[0], millis[peers / 2], millis[peers - 1]);
            assertTrue(millis[0] >= TIMEOUT.toMillis() - 50, "a peer cut before the timeout: " + millis[0] + " ms");
            assertTrue(millis[peers - 1] <= TIMEOUT.toMillis() + SLACK_MILLIS,
                    "a peer cut long after the timeout: " + millis[peers - 1] + " ms");
        } finally {
            threads.shutdownNow();
        }
        Awaits.until(() -> server.connections() == 0, "every slow connection closed");
    }

    @Test
    void slowPeersHoldingEveryConnectionSlotHoldThemOnlyUntilTheTimeout() throws Exception {
        int cap = 8;
        serve(cap);
        List<RawClient> silent = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            silent.add(new RawClient(server.port()));
        }
        Awaits.until(() -> server.connections() == cap, "every slot taken");
        try (RawClient refused = new RawClient(server.port())) {
            RawClient.Frame frame = refused.read();
            assertEquals(ErrorCode.TOO_MANY_CONNECTIONS.code(), frame.errorCode(), frame.errorMessage());
        }
        for (RawClient client : silent) {
            RawClient.Frame frame = client.read();
            assertEquals(ErrorCode.HANDSHAKE_TIMEOUT.code(), frame.errorCode(), frame.errorMessage());
            assertTrue(client.closedByServer());
            client.close();
        }
        Awaits.until(() -> server.connections() == 0, "the slots free again");
        try (RawClient client = new RawClient(server.port())) {
            client.send(new Handshake("bench", 0, 1, 0, 0, 0, null, null));
            assertEquals(FrameType.WELCOME.code(), client.read().type(), "a trainer is served once the slots are free");
            client.credit(1);
            assertEquals(FrameType.BATCH.code(), client.read().type());
        }
    }

    /**
     * Connects, sends {@code bytes} one at a time {@code gapMillis} apart (all at once if 0),
     * and returns the milliseconds from the connect to the end of the HANDSHAKE_TIMEOUT error,
     * after which the server must close.
     */
    private long cutAfter(byte[] bytes, long gapMillis) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (RawClient client = new RawClient(server.port())) {
            if (gapMillis == 0) {
                client.write(bytes);
            } else {
                // until the server answers: a byte written after its close would be answered with a reset
                for (int i = 0; i < bytes.length && client.available() == 0; i++) {
                    client.write(new byte[] {bytes[i]});
                    Thread.sleep(gapMillis);
                }
            }
            RawClient.Frame frame = client.read();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(FrameType.ERROR.code(), frame.type());
            assertEquals(ErrorCode.HANDSHAKE_TIMEOUT.code(), frame.errorCode(), frame.errorMessage());
            assertTrue(client.closedByServer(), "the server closes after HANDSHAKE_TIMEOUT");
            return millis;
        }
    }

    /** Sends the handshake in 10 pieces {@code gapMillis} apart; whether WELCOME answers it. */
    private boolean welcomedAfterTrickling(byte[] handshake, long gapMillis) throws IOException,
            InterruptedException {
        try (RawClient client = new RawClient(server.port())) {
            int piece = (handshake.length + 9) / 10;
            for (int from = 0; from < handshake.length; from += piece) {
                client.write(Arrays.copyOfRange(handshake, from, Math.min(handshake.length, from + piece)));
                Thread.sleep(gapMillis);
            }
            return client.read().type() == FrameType.WELCOME.code();
        }
    }
}
