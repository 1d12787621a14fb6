package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.netty.client.PythonEnvironment.Result;
import io.reactiveaudio.netty.internal.TestBatches;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.netty.server.FeatureSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

/**
 * The Python client, the package {@code reactive-audio-client} ({@code python/}), against a real
 * server on loopback, in both {@link PythonEnvironment}s (Debian's python and numpy; current numpy,
 * torch and safetensors): its unittest suite, given the batches the local pipeline makes, with a
 * fresh server for each environment (a shared stream serves its epochs once). Also the one-file
 * copy {@code examples/python/reactive_audio_client.py}: the same bytes as the package's module,
 * and, run as a script by Debian's python, the same CRC-32 as the local pipeline.
 *
 * <p>Besides the pipeline's stream {@code train} the server serves the same pipeline as shared
 * streams {@code shared} and {@code shared-workers}; its log-mel features as {@code features};
 * and {@code plain}: batches without checkpoints, as any {@link BatchSource} of hand-made batches
 * gives. A second server serves {@code train} over TLS with the test certificate.
 *
 * <p>The checksum both sides compute is the CRC-32 ({@link CRC32}, Python's {@code zlib.crc32}) of
 * each batch's safetensors data area, chained over the batches: {@code indices}, {@code ordinals}
 * (I64), {@code labels}, {@code lengths} (I32), then {@code audio} (F32), all little-endian.
 */
class PythonClientTest {

    private static final Path MODULE = PythonEnvironment.PACKAGE.resolve("reactive_audio/client.py");
    private static final Path SCRIPT = PythonEnvironment.REPOSITORY.resolve("examples/python/reactive_audio_client.py");
    private static final String TOKEN = "python-secret";
    private static final Path TLS_CERTIFICATE = Path.of("src/test/resources/tls/server.crt").toAbsolutePath();
    private static final Path TLS_KEY = Path.of("src/test/resources/tls/server.key").toAbsolutePath();
    private static final int PLAIN_EPOCHS = 2;
    private static final int PLAIN_BATCHES = 5;
    private static final int FEATURE_EPOCHS = 1;
    private static final long SHARED_SEED = 5;
    /** Seed, rank, world size, epochs; ranks 2 and 3 of 4 are what the two DataLoader workers of trainer 1 of 2 take. */
    private static final long[][] CASES = {{42, 0, 1, 2}, {7, 0, 1, 2}, {9, 0, 2, 3}, {9, 1, 2, 3}, {9, 2, 4, 1},
        {9, 3, 4, 1}, {SHARED_SEED, 0, 1, 2}};

    @TempDir
    static Path dir;
    static AudioPipeline base;
    static String cases;

    @BeforeAll
    static void makeTheCorpusAndTheLocalBatches() throws Exception {
        Path corpus = dir.resolve("corpus");
        TestCorpus.write(corpus, 10);
        base = TestCorpus.pipeline(corpus);
        cases = casesJson();
    }

    @Test
    void theOneFileScriptIsThePackagesClientModuleByteForByte() throws IOException {
        assertEquals(-1, Files.mismatch(MODULE, SCRIPT), "after changing the module: cp python/reactive_audio/client.py "
                + "examples/python/reactive_audio_client.py");
    }

    @ParameterizedTest
    @EnumSource(PythonEnvironment.class)
    void thePackagesTestsPassAgainstTheServer(PythonEnvironment environment) throws Exception {
        Path python = environment.prepare(dir);
        Result result;
        try (Servers servers = Servers.start()) {
            Path serverFile = Files.writeString(dir.resolve("server-" + environment + ".json"), servers.json());
            result = PythonEnvironment.run(List.of(python.toString(), "-m", "unittest", "discover", "-v", "-s",
                            PythonEnvironment.PACKAGE.resolve("tests").toString()), dir,
                    Map.of("REACTIVE_AUDIO_TEST_SERVER", serverFile.toString()), Duration.ofMinutes(5));
        }

        System.out.println(environment + ":\n" + result.output());
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("\nOK"), result.output());
        assertFalse(result.output().contains("skipped 'needs a server"), "the server tests ran: " + result.output());
        assertFalse(result.output().contains("skipped 'the package is not installed"), "the installed package ran");
        if (environment == PythonEnvironment.CURRENT) {
            assertFalse(result.output().contains("skipped 'torch is not installed'"), "the torch tests ran");
            assertFalse(result.output().contains("skipped 'the safetensors library is not installed'"),
                    "the safetensors cross-check ran");
        }
    }

    @Test
    void theCopiedScriptPrintsTheSameChecksumAsTheLocalPipelineForTheSameSeed() throws Exception {
        PythonEnvironment.assumeDebianPythonWithNumpy(dir);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Result result;
        try (Servers servers = Servers.start()) {
            result = PythonEnvironment.run(List.of(PythonEnvironment.DEBIAN_PYTHON.toString(), SCRIPT.toString(),
                    "127.0.0.1:" + servers.plain.port(), "--stream", "train", "--seed", "42", "--epochs", "2",
                    "--token-file", tokenFile.toString(), "--prefetch", "4"), dir, Map.of(), Duration.ofMinutes(5));
        }

        System.out.println(result.output());
        assertEquals(0, result.exit(), result.output());
        CRC32 crc = new CRC32();
        long batches = base.seed(42).epochs(2).flux().doOnNext(batch -> {
            try (batch) {
                update(crc, batch);
            }
        }).count().block(Duration.ofSeconds(60));
        Matcher summary = Pattern.compile("(\\d+) batches, .* MB/s\\s+crc32 ([0-9a-f]{8})").matcher(result.output());
        assertTrue(summary.find(), result.output());
        assertEquals(batches, Long.parseLong(summary.group(1)));
        assertEquals(String.format("%08x", crc.getValue()), summary.group(2));
    }

    /** The plain server of every stream the Python tests use, and the TLS server of {@code train}. */
    private record Servers(AudioServer plain, AudioServer tls) implements AutoCloseable {

        static Servers start() {
            AudioServer plain = AudioServer.builder()
                    .stream("train", BatchSource.of(base, 3))
                    .sharedStream("shared", SHARED_SEED, BatchSource.of(base, 2))
                    .sharedStream("shared-workers", SHARED_SEED, BatchSource.of(base, 2))
                    .featureStream("features", FeatureSource.of(base.features(LogMel.builder().sampleRate(16_000)
                            .nFft(400).hopLength(160).nMels(40).build()).poolSize(6), FEATURE_EPOCHS))
                    .stream("plain", request -> request.epoch() >= PLAIN_EPOCHS ? Flux.empty()
                            : TestBatches.of(new BufferPool(2 * 100 * 4, 8), PLAIN_BATCHES, 2, 100, 1, Layout.BTC))
                    .token(TOKEN).bindNow();
            AudioServer tls = AudioServer.builder().stream("train", BatchSource.of(base, 3)).token(TOKEN)
                    .tls(TLS_CERTIFICATE, TLS_KEY).bindNow();
            return new Servers(plain, tls);
        }

        /** The servers' addresses and token, the streams, and the local batches of each case. */
        String json() {
            return String.format("{\"address\": \"127.0.0.1:%d\", \"token\": \"%s\", \"stream\": \"train\",%n"
                    + "\"plain_stream\": {\"name\": \"plain\", \"epochs\": %d, \"batches_per_epoch\": %d},%n"
                    + "\"features_stream\": {\"name\": \"features\", \"epochs\": %d},%n"
                    + "\"shared_stream\": {\"name\": \"shared\", \"seed\": %d, \"epochs\": 2},%n"
                    + "\"shared_stream_for_workers\": {\"name\": \"shared-workers\", \"seed\": %d, \"epochs\": 2},%n"
                    + "\"tls\": {\"address\": \"127.0.0.1:%d\", \"ca\": \"%s\"},%n\"cases\": %s}%n",
                    plain.port(), TOKEN, PLAIN_EPOCHS, PLAIN_BATCHES, FEATURE_EPOCHS, SHARED_SEED, SHARED_SEED, tls.port(),
                    TLS_CERTIFICATE, cases);
        }

        @Override
        public void close() {
            plain.dispose();
            tls.dispose();
        }
    }

    /** For each case the epoch and CRC-32 of each local batch, as a JSON array. */
    private static String casesJson() {
        StringJoiner json = new StringJoiner(",\n", "[\n", "\n]");
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
            json.add(String.format("{\"seed\": %d, \"rank\": %d, \"world_size\": %d, \"epochs\": %d, \"batches\": %s}",
                    seed, rank, world, epochs, batches));
        }
        return json.toString();
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
}
