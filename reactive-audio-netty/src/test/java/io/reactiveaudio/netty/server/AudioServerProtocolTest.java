package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class AudioServerProtocolTest {

    private static final int ITEMS = 2;
    private static final int FRAMES = 8;

    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);

    private final BufferPool pool = new BufferPool(ITEMS * FRAMES * 4, 16);
    private AudioServer server;

    @BeforeEach
    void start() {
        server = AudioServer.builder()
                .stream("train", request -> request.epoch() >= 2 ? Flux.empty()
                        : TestBatches.of(pool, 3, ITEMS, FRAMES, 1, Layout.BTC))
                .token("secret")
                .maxCredit(2)
                .handshakeTimeout(Duration.ofMillis(500))
                .maxHandshakeBytes(1024)
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.dispose();
    }

    @Test
    void aClientGetsWelcomeThenBatchesWithinItsCreditThenEndOfEpochAndEndOfStream() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(handshake("train", "secret"));
            RawClient.Frame welcome = client.read();
            assertEquals(FrameType.WELCOME.code(), welcome.type());
            ByteBuffer w = welcome.le();
            assertEquals(1, w.getShort());
            assertEquals(2, w.getInt());
            assertEquals(0, w.get());
            assertEquals(0, w.getLong());

            StringBuilder frames = new StringBuilder();
            client.credit(2);
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int batch = 0; batch < 3; batch++) {
                    RawClient.Frame frame = client.read();
                    frames.append(frame.type() == FrameType.BATCH.code() ? "B" : "?");
                    client.credit(1);
                }
                RawClient.Frame end = client.read();
                assertEquals(FrameType.END_OF_EPOCH.code(), end.type());
                assertEquals(epoch, end.le().getLong());
                assertEquals(3, end.le().getLong(8));
            }
            assertEquals(FrameType.END_OF_STREAM.code(), client.read().type());
            assertTrue(client.closedByServer());
            assertEquals("BBBBBB", frames.toString());
        }
    }

    @Test
    void badHandshakesGetTheirErrorAndAClosedConnectionAndTheServerKeepsServing() throws Exception {
        assertRefused(ErrorCode.UNAUTHORIZED, handshakeBytes("train", "wrong"));
        assertRefused(ErrorCode.UNAUTHORIZED, handshakeBytes("train", ""));
        assertRefused(ErrorCode.UNKNOWN_STREAM, handshakeBytes("test", "secret"));
        byte[] badMagic = handshakeBytes("train", "secret");
        badMagic[8] = 'X';
        assertRefused(ErrorCode.BAD_MAGIC, badMagic);
        byte[] badVersion = handshakeBytes("train", "secret");
        badVersion[12] = 9;
        assertRefused(ErrorCode.UNSUPPORTED_VERSION, badVersion);
        byte[] trailing = handshakeBytes("train", "secret");
        ByteBuffer.wrap(trailing).order(ByteOrder.LITTLE_ENDIAN).putInt(0, trailing.length - 8 - 1);
        assertRefused(ErrorCode.MALFORMED_HANDSHAKE, java.util.Arrays.copyOf(trailing, trailing.length - 1));
        assertRefused(ErrorCode.MALFORMED_HANDSHAKE, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, 0, 0, 1, 0, 0, 0};
        assertRefused(ErrorCode.HANDSHAKE_TOO_LARGE, huge);
        assertRefused(ErrorCode.HANDSHAKE_TIMEOUT, java.util.Arrays.copyOf(handshakeBytes("train", "secret"), 20));
        Handshake badRank = new Handshake("train", 3, 2, 7, 0, 0, null, "secret".getBytes(StandardCharsets.UTF_8));
        assertRefused(ErrorCode.BAD_REQUEST, encode(badRank));
        Handshake badCheckpoint = new Handshake("train", 0, 1, 7, 0, 0, new byte[] {1, 2, 3},
                "secret".getBytes(StandardCharsets.UTF_8));
        assertRefused(ErrorCode.BAD_CHECKPOINT, encode(badCheckpoint));

        assertServes();
        Awaits.until(() -> pool.inUse() == 0, "every batch back in its pool");
    }

    @Test
    void aHandshakeFrameTooShortForMagicAndVersionIsMalformedAndOneWithOtherMagicIsBadMagic() throws IOException {
        assertRefused(ErrorCode.MALFORMED_HANDSHAKE, new byte[] {3, 0, 0, 0, 1, 0, 0, 0, 'R', 'A', 'U'});
        assertRefused(ErrorCode.MALFORMED_HANDSHAKE, new byte[] {5, 0, 0, 0, 1, 0, 0, 0, 'R', 'A', 'U', 'D', 1});
        assertRefused(ErrorCode.BAD_MAGIC, new byte[] {6, 0, 0, 0, 1, 0, 0, 0, 'G', 'E', 'T', ' ', '/', ' '});
        // a peer that is not a client: its fourth byte is not the HANDSHAKE type
        assertRefused(ErrorCode.MALFORMED_HANDSHAKE, "SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aWorldSizeOfZeroIsABadRequestThatNamesWorldSize() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.write(encode(new Handshake("train", 0, 0, 7, 0, 0, null, SECRET)));
            RawClient.Frame frame = client.read();
            assertEquals(ErrorCode.BAD_REQUEST.code(), frame.errorCode());
            assertEquals("world_size must be at least 1, not 0", frame.errorMessage());
        }
        try (RawClient client = new RawClient(server.port())) {
            client.write(encode(new Handshake("train", 2, 2, 7, 0, 0, null, SECRET)));
            RawClient.Frame frame = client.read();
            assertEquals(ErrorCode.BAD_REQUEST.code(), frame.errorCode());
            assertEquals("rank 2 is not in 0..1 (world_size 2)", frame.errorMessage());
        }
    }

    @Test
    void aPartialHandshakeFromAClientThatHalfClosesIsClosedWithoutAnError() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.write(java.util.Arrays.copyOf(handshakeBytes("train", "secret"), 20));
            client.shutdownOutput();
            long start = System.nanoTime();
            assertTrue(client.closedByServer(), "closed, no ERROR frame");
            assertTrue(System.nanoTime() - start < 400_000_000L, "closed at once, not at the handshake timeout");
        }
        assertServes();
    }

    @Test
    void anErrorBeforeWelcomeClosesAtOnceAndOneAfterWelcomeLingersUntilTheClientCloses() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.write(handshakeBytes("test", "secret"));
            assertEquals(ErrorCode.UNKNOWN_STREAM.code(), client.read().errorCode());
            long start = System.nanoTime();
            assertTrue(client.closedByServer());
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "closed right after the ERROR");
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(handshake("train", "secret"));
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            client.credit(3);
            assertEquals(ErrorCode.CREDIT_OVERFLOW.code(), client.read().errorCode());
            long start = System.nanoTime();
            assertTrue(client.closedByServer());
            long lingered = (System.nanoTime() - start) / 1_000_000;
            assertTrue(lingered >= Session.LINGER.toMillis() - 100 && lingered < Session.LINGER.toMillis() + 2_000,
                    "closed " + lingered + " ms after the ERROR");
        }
    }

    @Test
    void randomBytesAreRejectedAndTheServerKeepsServing() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            try (RawClient client = new RawClient(server.port())) {
                client.write(junk);
                RawClient.Frame frame = client.read();
                assertEquals(FrameType.ERROR.code(), frame.type(), "junk " + i);
                assertTrue(client.closedByServer());
            }
        }
        assertServes();
    }

    @Test
    void creditBeyondTheMaximumAndStrayFramesAfterTheHandshakeAreViolations() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(handshake("train", "secret"));
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            client.credit(3);
            assertError(client, ErrorCode.CREDIT_OVERFLOW);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(handshake("train", "secret"));
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            client.send(handshake("train", "secret"));
            assertError(client, ErrorCode.PROTOCOL_VIOLATION);
        }
        assertServes();
    }

    @Test
    void connectionsOverTheCapAreRefused() throws IOException {
        AudioServer small = AudioServer.builder().stream("train", request -> Flux.never()).maxConnections(1)
                .bindNow();
        try (RawClient first = new RawClient(small.port())) {
            first.send(new Handshake("train", 0, 1, 0, 0, 0, null, null));
            assertEquals(FrameType.WELCOME.code(), first.read().type());
            try (RawClient second = new RawClient(small.port())) {
                assertError(second, ErrorCode.TOO_MANY_CONNECTIONS);
            }
        } finally {
            small.dispose();
        }
    }

    private void assertServes() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(handshake("train", "secret"));
            assertEquals(FrameType.WELCOME.code(), client.read().type());
            client.credit(1);
            assertEquals(FrameType.BATCH.code(), client.read().type());
        }
    }

    private void assertRefused(ErrorCode expected, byte[] bytes) throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.write(bytes);
            assertError(client, expected);
        }
    }

    private static void assertError(RawClient client, ErrorCode expected) throws IOException {
        RawClient.Frame frame = client.read();
        assertEquals(FrameType.ERROR.code(), frame.type());
        assertEquals(expected.code(), frame.errorCode(), frame.errorMessage());
        assertTrue(client.closedByServer(), "closed after the error");
    }

    private static Handshake handshake(String stream, String token) {
        return new Handshake(stream, 0, 1, 7, 0, 0, null, token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] handshakeBytes(String stream, String token) {
        return encode(handshake(stream, token));
    }

    private static byte[] encode(Handshake handshake) {
        io.netty.buffer.ByteBuf frame = handshake.encode(io.netty.buffer.ByteBufAllocator.DEFAULT);
        try {
            return io.netty.buffer.ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }
}
