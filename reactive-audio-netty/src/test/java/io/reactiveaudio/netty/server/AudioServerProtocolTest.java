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
