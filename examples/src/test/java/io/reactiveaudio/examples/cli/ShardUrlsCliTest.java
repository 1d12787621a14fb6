package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.remote.RangeFileServer;
import io.reactiveaudio.remote.S3Server;
import io.reactiveaudio.test.FaultProxy;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI on shards where they live, against a real S3 server (S3Proxy) and a real HTTP server
 * started here: {@code pack --out s3://...} uploads the bytes {@code pack} writes to a folder and
 * verifies them from S3; {@code bench} and {@code serve} on {@code s3://} and {@code http://}
 * shard URLs give the batches of the same shards on local disk.
 */
class ShardUrlsCliTest {

    private static final Pattern CHECKSUM = Pattern.compile("\"checksum\":\"?([0-9a-fx]+)");
    private static final Pattern RETRIES = Pattern.compile("\"remote_retries\":(\\d+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PIPELINE = List.of("--frame", "2000", "--batch", "4", "--buffer", "8");

    @TempDir
    static Path dir;
    static S3Server s3;
    static RangeFileServer http;
    static String endpoint;
    /** The packed shards as a brace range, relative to a server's root or the bucket. */
    static String range;
    static String packToS3;

    @BeforeAll
    static void packTheCorpusLocallyAndIntoS3() throws Exception {
        Path folder = dir.resolve("corpus");
        for (int i = 0; i < 10; i++) {
            Path label = Files.createDirectories(folder.resolve(i % 2 == 0 ? "even" : "odd"));
            WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16).write(label.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, 44_100, 2, 9_000 + 1_000 * i, 0.5), 2, 44_100);
        }
        Files.createDirectories(dir.resolve("s3/corpus"));
        s3 = new S3Server(dir.resolve("s3"));
        http = new RangeFileServer(dir.resolve("www"));
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
        endpoint = "http://127.0.0.1:" + s3.port();

        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "pack", folder.toString(), "--out", dir.resolve("www/train").toString(),
                "--shard-size", "100K", "--labels-from-folders"));
        assertEquals(0, run(out, "pack", folder.toString(), "--out", "s3://corpus/train", "--s3-endpoint", endpoint,
                "--shard-size", "100K", "--labels-from-folders", "--verify"));
        packToS3 = out.toString();
        long shards;
        try (var files = Files.list(dir.resolve("www/train"))) {
            shards = files.filter(f -> f.toString().endsWith(".tar")).count();
        }
        range = String.format("train/shard-{000000..%06d}.tar", shards - 1);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        s3.close();
    }

    @Test
    void packStraightIntoS3UploadsTheBytesPackWritesToAFolderAndVerifiesThemFromS3() throws Exception {
        assertTrue(Pattern.compile("into \\d+ shards in s3://corpus/train").matcher(packToS3).find(), packToS3);
        assertTrue(packToS3.contains("verified: "), packToS3);
        List<Path> local;
        try (var files = Files.list(dir.resolve("www/train"))) {
            local = files.sorted().toList();
        }
        List<Path> uploaded;
        try (var files = Files.list(dir.resolve("s3/corpus/train"))) {
            uploaded = files.sorted().toList();
        }
        assertTrue(local.size() >= 4, "several shards and their indexes: " + local);
        assertEquals(local.stream().map(Path::getFileName).toList(), uploaded.stream().map(Path::getFileName).toList(),
                "the same objects, nothing partial left");
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(Files.readAllBytes(local.get(i)), Files.readAllBytes(uploaded.get(i)),
                    local.get(i).getFileName().toString());
        }
    }

    @Test
    void benchOnS3AndHttpShardUrlsGivesTheChecksumOfTheSameShardsOnLocalDisk() {
        StringWriter out = new StringWriter();
        List<String> bench = List.of("bench", "--warmup", "1", "--batches", "5", "--seed", "3", "--decode-threads", "2",
                "--json");
        assertEquals(0, run(out, args(bench, PIPELINE, List.of("--shards", dir.resolve("www/train").toString()))));
        assertEquals(0, run(out, args(bench, PIPELINE, List.of("--shards", "s3://corpus/" + range,
                "--s3-endpoint", endpoint))));
        assertEquals(0, run(out, args(bench, PIPELINE, List.of("--shards",
                "http://127.0.0.1:" + http.port() + "/" + range))));
        List<String> sums = CHECKSUM.matcher(out.toString()).results().map(m -> m.group(1)).toList();
        assertEquals(3, sums.size(), out.toString());
        assertEquals(List.of(sums.get(0), sums.get(0), sums.get(0)), sums, "local, S3 and HTTP");
    }

    @Test
    void benchCountsTheRetriesOfItsOwnRunThroughAProxyCuttingConnections() throws Exception {
        StringWriter out = new StringWriter();
        List<String> bench = List.of("bench", "--warmup", "1", "--batches", "5", "--seed", "3", "--decode-threads", "2");
        assertEquals(0, run(out, args(bench, PIPELINE, List.of("--json", "--shards", dir.resolve("www/train").toString()))));
        try (FaultProxy proxy = FaultProxy.start(http.port(), FaultProxy.Fault.cutAfterRandomBytes(5, 20_000, 150_000))) {
            assertEquals(0, run(out, args(bench, PIPELINE, List.of("--json", "--shards",
                    "http://127.0.0.1:" + proxy.port() + "/" + range))));
            assertTrue(proxy.cuts() > 0, "the proxy cut connections");
        }
        List<String> sums = CHECKSUM.matcher(out.toString()).results().map(m -> m.group(1)).toList();
        assertEquals(2, sums.size(), out.toString());
        assertEquals(sums.get(0), sums.get(1), "the cuts change no batch");
        List<Long> retries = RETRIES.matcher(out.toString()).results().map(m -> Long.parseLong(m.group(1))).toList();
        assertEquals(0, retries.get(0), "no retry from local disk");
        assertTrue(retries.get(1) > 0, "the run's retries are counted: " + out);
    }

    @Test
    void serveFromS3SendsTheBatchesOfServeFromTheSameShardsOnLocalDisk() throws Exception {
        List<Long> local = served(List.of("--shards", dir.resolve("www/train").toString()));
        List<Long> fromS3 = served(List.of("--shards", "s3://corpus/" + range, "--s3-endpoint", endpoint));
        assertTrue(local.size() >= 4, "a few batches: " + local.size());
        assertEquals(local, fromS3);
    }

    /** The fingerprints of one epoch served by {@code serve} with {@code options}, received by the Java client. */
    private static List<Long> served(List<String> options) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = args(List.of("serve", "--port", "0", "--epochs", "1"), PIPELINE, options);
        try (RunningServe serve = RunningServe.start(cli, args, TIMEOUT, err::toString)) {
            return AudioClient.builder("127.0.0.1", serve.port()).seed(5).build().batches().map(batch -> {
                try (batch) {
                    CRC32C crc = new CRC32C();
                    crc.update(batch.data());
                    for (long index : batch.indices()) {
                        crc.update((int) index);
                    }
                    return crc.getValue();
                }
            }).collectList().block(TIMEOUT);
        }
    }

    @SafeVarargs
    private static List<String> args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static int run(StringWriter out, List<String> args) {
        return run(out, args.toArray(String[]::new));
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
