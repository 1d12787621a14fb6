package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.ProtocolException;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioClientTlsTest {

    private static final Path CERTIFICATE = Path.of("src/test/resources/tls/server.crt");
    private static final Path KEY = Path.of("src/test/resources/tls/server.key");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path corpus;
    static AudioPipeline base;
    static AudioServer server;

    @BeforeAll
    static void start() throws IOException {
        TestCorpus.write(corpus, 6);
        base = TestCorpus.pipeline(corpus);
        server = AudioServer.builder().stream("train", BatchSource.of(base, 1)).token("secret").tls(CERTIFICATE, KEY)
                .bindNow();
    }

    @AfterAll
    static void stop() {
        server.dispose();
    }

    @Test
    void overTlsWithTheTokenTheClientGetsTheLocalPipelinesBatches() {
        List<Long> local = TestCorpus.local(base.seed(3).epochs(1));

        List<Long> remote = client().token("secret").build().batches()
                .map(batch -> {
                    try (batch) {
                        return TestCorpus.fingerprint(batch);
                    }
                })
                .collectList().block(TIMEOUT);

        assertEquals(local, remote);
    }

    @Test
    void overTlsAWrongTokenIsStillRefused() {
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> client().token("guess").build().batches().blockLast(TIMEOUT));
        assertEquals(ErrorCode.UNAUTHORIZED, refused.code());
    }

    @Test
    void aPlainTextPeerIsClosedAndTheServerKeepsServing() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("RAUD plain text".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[4096];
            int n;
            do {
                n = socket.getInputStream().read(buffer);
            } while (n > 0);
        } catch (java.net.SocketException reset) {
            // closed with a reset: as good as a close
        }
        assertEquals(1, client().token("secret").build().batches().take(1)
                .doOnNext(ReceivedBatch::release).count().block(TIMEOUT));
    }

    private static AudioClient.Builder client() {
        return AudioClient.builder("127.0.0.1", server.port()).stream("train").seed(3).tls(CERTIFICATE).reconnects(0);
    }
}
