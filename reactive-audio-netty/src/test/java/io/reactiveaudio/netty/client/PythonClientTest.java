package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The Python client ({@code examples/python/reactive_audio_client.py}) against a real server on
 * loopback: its unittest suite, given the batches the local pipeline makes, and its command line,
 * whose CRC-32 must equal the local pipeline's. Skipped where {@code /usr/bin/python3} or numpy is
 * missing. Besides the pipeline's stream {@code train} it serves the same pipeline as shared stream
 * {@code shared}, and {@code plain}: batches without checkpoints, as any {@link BatchSource} of
 * hand-made batches gives; a second server serves {@code train} over TLS with the test certificate.
 *
 * <p>The checksum both sides compute is the CRC-32 ({@link CRC32}, Python's {@code zlib.crc32}) of
 * each batch's safetensors data area, chained over the batches: {@code indices}, {@code ordinals}
 * (I64), {@code labels}, {@code lengths} (I32), then {@code audio} (F32), all little-endian.
 */
class PythonClientTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path CLIENT_DIR = Path.of("../examples/python").toAbsolutePath().normalize();
    private static final String TOKEN = "python-secret";
    private static final Path TLS_CERTIFICATE = Path.of("src/test/resources/tls/server.crt").toAbsolutePath();
    private static final Path TLS_KEY = Path.of("src/test/resources/tls/server.key").toAbsolutePath();
    private static final int PLAIN_EPOCHS = 2;
    private static final int PLAIN_BATCHES = 5;
    private static final long SHARED_SEED = 5;
    private static final long[][] CASES = {{42, 0, 1, 2}, {7, 0, 1, 2}, {9, 0, 2, 3}, {9, 1, 2, 3}, {SHARED_SEED, 0, 1, 2}};

    @TempDir
    static Path dir;
    static AudioPipeline base;
    static AudioServer server;
    static AudioServer tlsServer;
    static Path serverFile;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is not installed");
        assumeTrue(run(List.of(PYTHON.toString(), "-c", "import numpy"), Map.of()).exit == 0, "numpy is not installed");
        Path corpus = dir.resolve("corpus");
        TestCorpus.write(corpus, 10);
        base = TestCorpus.pipeline(corpus);
        server = AudioServer.builder()
                .stream("train", BatchSource.of(base, 3))
                .sharedStream("shared", SHARED_SEED, BatchSource.of(base, 2))
                .stream("plain", request -> request.epoch() >= PLAIN_EPOCHS ? Flux.empty()
                        : TestBatches.of(new BufferPool(2 * 100 * 4, 8), PLAIN_BATCHES, 2, 100, 1, Layout.BTC))
                .token(TOKEN).bindNow();
        tlsServer = AudioServer.builder().stream("train", BatchSource.of(base, 3)).token(TOKEN)
                .tls(TLS_CERTIFICATE, TLS_KEY).bindNow();
        serverFile = dir.resolve("server.json");
        Files.writeString(serverFile, serverJson());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.dispose();
        }
        if (tlsServer != null) {
            tlsServer.dispose();
        }
    }

    @Test
    void thePythonClientsTestsPassAgainstTheServer() throws Exception {
        Result result = run(List.of(PYTHON.toString(), "-m", "unittest", "discover", "-v", "-s",
                CLIENT_DIR.resolve("tests").toString()), Map.of("REACTIVE_AUDIO_TEST_SERVER", serverFile.toString()));

        System.out.println(result.output);
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("\nOK"), result.output);
        assertFalse(result.output.contains("needs a server"), "the server tests ran: " + result.output);
    }

    @Test
    void theCommandLinePrintsTheSameChecksumAsTheLocalPipelineForTheSameSeed() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Result result = run(List.of(PYTHON.toString(), CLIENT_DIR.resolve("reactive_audio_client.py").toString(),
                "127.0.0.1:" + server.port(), "--stream", "train", "--seed", "42", "--epochs", "2",
                "--token-file", tokenFile.toString(), "--prefetch", "4"), Map.of());

        System.out.println(result.output);
        assertEquals(0, result.exit, result.output);
        CRC32 crc = new CRC32();
        long batches = base.seed(42).epochs(2).flux().doOnNext(batch -> {
            try (batch) {
                update(crc, batch);
            }
        }).count().block(Duration.ofSeconds(60));
        Matcher summary = Pattern.compile("(\\d+) batches, .* MB/s\\s+crc32 ([0-9a-f]{8})").matcher(result.output);
        assertTrue(summary.find(), result.output);
        assertEquals(batches, Long.parseLong(summary.group(1)));
        assertEquals(String.format("%08x", crc.getValue()), summary.group(2));
    }

    /** The server's address and token, and for each case the epoch and CRC-32 of each local batch. */
    private static String serverJson() {
        StringJoiner cases = new StringJoiner(",\n", "[\n", "\n]");
        for (long[] c : CASES) {
            long seed = c[0];
            int rank = (int) c[1];
            int world = (int) c[2];
            long epochs = c[3];
            StringJoiner batches = new StringJoiner(", ", "[", "]");
            List<Long> byEpoch = new ArrayList<>();
            for (long epoch = 0; epoch < epochs; epoch++) {
                for (long crc : crcs(base.shard(rank, world).seed(seed).startEpoch(epoch).epochs(epoch + 1))) {
                    byEpoch.add(crc);
                    batches.add("{\"epoch\": " + epoch + ", \"crc32\": " + crc + "}");
                }
            }
            assertEquals(crcs(base.shard(rank, world).seed(seed).epochs(epochs)), byEpoch,
                    "the epochs one by one make the batches of the whole run");
            cases.add(String.format("{\"seed\": %d, \"rank\": %d, \"world_size\": %d, \"epochs\": %d, \"batches\": %s}",
                    seed, rank, world, epochs, batches));
        }
        return String.format("{\"address\": \"127.0.0.1:%d\", \"token\": \"%s\", \"stream\": \"train\",%n"
                + "\"plain_stream\": {\"name\": \"plain\", \"epochs\": %d, \"batches_per_epoch\": %d},%n"
                + "\"shared_stream\": {\"name\": \"shared\", \"seed\": %d, \"epochs\": 2},%n"
                + "\"tls\": {\"address\": \"127.0.0.1:%d\", \"ca\": \"%s\"},%n\"cases\": %s}%n",
                server.port(), TOKEN, PLAIN_EPOCHS, PLAIN_BATCHES, SHARED_SEED, tlsServer.port(), TLS_CERTIFICATE, cases);
    }

    /** The CRC-32 of each batch of {@code pipeline}, in order; releases them. */
    private static List<Long> crcs(AudioPipeline pipeline) {
        return pipeline.flux().map(batch -> {
            try (batch) {
                CRC32 crc = new CRC32();
                update(crc, batch);
                return crc.getValue();
            }
        }).collectList().block(Duration.ofSeconds(60));
    }

    /** Adds the batch's data area as the wire lays it out: indices, ordinals, labels, lengths, audio. */
    private static void update(CRC32 crc, Batch batch) {
        int items = batch.size();
        ByteBuffer small = ByteBuffer.allocate(items * (2 * Long.BYTES + 2 * Integer.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (long v : batch.sourceIndices()) {
            small.putLong(v);
        }
        for (long v : batch.ordinals()) {
            small.putLong(v);
        }
        for (int v : batch.labels()) {
            small.putInt(v);
        }
        for (int v : batch.lengths()) {
            small.putInt(v);
        }
        crc.update(small.flip());
        crc.update(batch.bytes());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "python", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 5 minutes: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
