package io.reactiveaudio.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Location;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.ByteSources;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.decode.ErrorPolicy;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.LabelMap;
import io.reactiveaudio.source.ShardException;
import io.reactiveaudio.source.ShardWriter;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.FaultProxy;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shards read from a real S3 server (S3Proxy) and a real HTTP server (Reactor Netty) give the
 * batches of the same shards on local disk, through connection cuts, and fail with typed errors
 * naming the URL when a shard is missing or the request denied.
 */
class RemoteShardsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    static Path folder;
    static List<Path> localShards;
    static SourceSet local;
    /** The shards under a server's root, as a brace range. */
    static String SHARDS;
    static S3Server s3;
    static RangeFileServer http;
    static RemoteSettings settings;

    @BeforeAll
    static void serveTheShards() throws Exception {
        folder = Files.createDirectories(dir.resolve("folder"));
        for (int i = 0; i < 18; i++) {
            int channels = 1 + i % 2;
            WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16).write(folder.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, 16_000, channels, 3_000 + 1_700 * i, 0.5), channels, 16_000);
        }
        Path shards = dir.resolve("www/train");
        try (ShardWriter writer = new ShardWriter(shards, 256 * 1024)) {
            Sources.directory(folder).scan().sources().forEach(writer::add);
            writer.close();
            assertTrue(writer.shards().size() >= 4, "shards: " + writer.shards());
            SHARDS = String.format("train/shard-{000000..%06d}.tar", writer.shards().size() - 1);
            localShards = writer.shards().stream().map(Path::of).toList();
        }
        local = Sources.shards(shards.toString()).scan();
        Path bucket = Files.createDirectories(dir.resolve("s3/corpus/train"));
        try (var files = Files.list(shards)) {
            for (Path f : files.toList()) {
                Files.copy(f, bucket.resolve(f.getFileName()));
            }
        }
        s3 = new S3Server(dir.resolve("s3"));
        http = new RangeFileServer(dir.resolve("www"));
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
        settings = RemoteSettings.defaults().withS3Endpoint(URI.create("http://127.0.0.1:" + s3.port()), true)
                .withS3Region("us-east-1").withRetries(8, Duration.ofMillis(5), Duration.ofMillis(100))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        RemoteProvider.configure(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        s3.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void shardsInS3GiveTheBatchesOfTheSameShardsOnLocalDisk(int threads) {
        SourceSet remote = Sources.shards("s3://corpus/" + SHARDS).scan();
        assertEquals(local.size(), remote.size());
        assertEquals(batches(pipeline(local)), batches(pipeline(remote).decode(Decode.defaults().concurrency(threads))));
    }

    @Test
    void shardsOverHttpGiveTheSameBatches() {
        SourceSet remote = Sources.shards("http://127.0.0.1:" + http.port() + "/" + SHARDS).scan();
        assertEquals(batches(pipeline(local)), batches(pipeline(remote)));
    }

    @Test
    void resumingMidEpochFromS3GivesTheUninterruptedRun() {
        AudioPipeline pipeline = pipeline(Sources.shards("s3://corpus/" + SHARDS).scan());
        List<Snapshot> whole = batches(pipeline);
        int k = whole.size() / 2;
        List<Snapshot> rest = batches(pipeline.resumeFrom(whole.get(k).checkpoint()));
        assertEquals(whole.subList(k + 1, whole.size()), rest);
    }

    @Test
    void aProxyCuttingEveryConnectionMidTransferChangesNoBatch() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(http.port(), FaultProxy.Fault.cutAfterRandomBytes(7, 3_000, 60_000))) {
            SourceSet remote = Sources.shards("http://127.0.0.1:" + proxy.port() + "/" + SHARDS).scan();
            assertTheRunCountsItsRetries(proxy, remote);
        }
    }

    @Test
    void s3BehindAProxyCuttingEveryConnectionChangesNoBatch() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(s3.port(), FaultProxy.Fault.cutAfterRandomBytes(11, 3_000, 60_000))) {
            RemoteProvider.configure(settings.withS3Endpoint(URI.create("http://127.0.0.1:" + proxy.port()), true));
            SourceSet remote = Sources.shards("s3://corpus/" + SHARDS).scan();
            assertTheRunCountsItsRetries(proxy, remote);
        } finally {
            RemoteProvider.configure(settings);
        }
    }

    @Test
    void shardsPackedStraightIntoS3AreTheLocalShardsByteForByteAndVerifyReadsThemBack() throws IOException {
        List<String> written;
        try (ShardWriter writer = new ShardWriter(ByteSources.target("s3://corpus/packed/"), 256 * 1024)) {
            Sources.directory(folder).scan().sources().forEach(writer::add);
            writer.close();
            written = writer.shards();
        }
        assertEquals(localShards.size(), written.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(String.format("s3://corpus/packed/shard-%06d.tar", i), written.get(i));
            assertArrayEquals(Files.readAllBytes(localShards.get(i)), Files.readAllBytes(dir.resolve("s3/corpus/packed")
                    .resolve(localShards.get(i).getFileName())));
            assertEquals(ShardWriter.verify(localShards.get(i).toString()), ShardWriter.verify(written.get(i)));
        }
        assertEquals(batches(pipeline(local)), batches(pipeline(Sources.shards("s3://corpus/packed/shard-{000000..%06d}.tar"
                .formatted(written.size() - 1)).scan())));
    }

    @Test
    void anObjectLargerThanAPartIsUploadedInPartsAndAppearsOnlyWhenComplete() throws IOException {
        byte[] big = new byte[S3Upload.PART_BYTES * 2 + 12_345];
        new java.util.Random(3).nextBytes(big);
        Path stored = dir.resolve("s3/corpus/big/object.bin");
        try (var out = ByteSources.target("s3://corpus/big").create("object.bin")) {
            out.write(big, 0, S3Upload.PART_BYTES + 7);
            assertTrue(!Files.exists(stored), "no object before the upload completes");
            out.write(big, S3Upload.PART_BYTES + 7, big.length - S3Upload.PART_BYTES - 7);
        }
        assertArrayEquals(big, Files.readAllBytes(stored));
    }

    @Test
    void anEndpointWithoutARegionSignsForUsEast1OrTheRegionPropertyWithoutTheSdksChain() {
        RemoteSettings endpoint = RemoteSettings.defaults().withS3Endpoint(URI.create("http://127.0.0.1:1"), true);
        assertEquals(System.getenv("AWS_REGION") == null ? "us-east-1" : System.getenv("AWS_REGION"),
                RemoteProvider.region(endpoint).id());
        System.setProperty("aws.region", "eu-west-3");
        try {
            assertEquals("eu-west-3", RemoteProvider.region(endpoint).id());
            assertEquals("ap-south-1", RemoteProvider.region(endpoint.withS3Region("ap-south-1")).id());
        } finally {
            System.clearProperty("aws.region");
        }
        assertTrue(RemoteProvider.staticKeysGiven(), "the keys this class sets as system properties");
    }

    @Test
    void aStalledTransferIsRetriedFromItsNextByte() throws IOException {
        Path shard = Path.of(local.get(0).location().shard());
        long retriesBefore = RemoteProvider.stats().retries();
        RemoteProvider.configure(settings.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
        try (FaultProxy proxy = FaultProxy.start(http.port(), FaultProxy.Fault.stallAfter(40_000, Duration.ofSeconds(3)))) {
            String url = "http://127.0.0.1:" + proxy.port() + "/train/" + shard.getFileName();
            byte[] read;
            try (InputStream in = Channels.newInputStream(ByteSources.of(url).openAt(0))) {
                read = in.readAllBytes();
            }
            assertArrayEquals(Files.readAllBytes(shard), read);
            assertTrue(proxy.stalls() >= 2, "stalls: " + proxy.stalls());
            assertTrue(RemoteProvider.stats().retries() - retriesBefore >= proxy.stalls() - 1, RemoteProvider.stats().toString());
        } finally {
            RemoteProvider.configure(settings);
        }
    }

    @Test
    void throttlingAnswersAreRetried() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(http.port(), FaultProxy.Fault.first503s(3))) {
            SourceSet remote = Sources.shards("http://127.0.0.1:" + proxy.port() + "/" + SHARDS).scan();
            assertEquals(local.size(), remote.size());
            assertEquals(3, proxy.answered503());
        }
    }

    @Test
    void aMissingShardIsATypedErrorNamingTheUrlOrASkipHandedOver() {
        int count = local.sources().stream().map(a -> a.location().shard()).distinct().toList().size();
        String base = "http://127.0.0.1:" + http.port() + String.format("/train/shard-{%06d..%06d}.tar", count - 1, count);
        ShardException e = assertThrows(ShardException.class, () -> Sources.shards(base).scan());
        String missing = "http://127.0.0.1:" + http.port() + String.format("/train/shard-%06d.tar", count);
        assertEquals(missing, e.shard());
        ByteSourceException cause = assertInstanceOf(ByteSourceException.class, e.getCause());
        assertEquals(ByteSourceException.Kind.NOT_FOUND, cause.kind());
        assertEquals(404, cause.status());

        List<ShardException> skipped = new ArrayList<>();
        SourceSet rest = Sources.shards(base).skipUnreadable(skipped::add).scan();
        assertEquals(List.of(missing), skipped.stream().map(ShardException::shard).toList());
        assertTrue(rest.size() > 0);

        ShardException s3Missing = assertThrows(ShardException.class,
                () -> Sources.shards("s3://corpus/train/shard-000042.tar").scan());
        assertEquals(404, ((ByteSourceException) s3Missing.getCause()).status());
    }

    @Test
    void aDeniedRequestIsATypedErrorUnderBothPolicies() {
        String denied = "http://127.0.0.1:" + http.port() + "/private/shard-000000.tar";
        ShardException listing = assertThrows(ShardException.class, () -> Sources.shards(denied).scan());
        assertEquals(ByteSourceException.Kind.DENIED, ((ByteSourceException) listing.getCause()).kind());
        assertEquals(403, ((ByteSourceException) listing.getCause()).status());

        SourceSet members = SourceSet.of(List.of(
                AudioSource.member(0, new Location(denied, "000000000.wav", 512, 10_000), null, -1)), LabelMap.empty());
        AudioDecodeException failed = assertThrows(AudioDecodeException.class, () -> AudioPipeline.from(members)
                .decode(Decode.defaults().errorPolicy(ErrorPolicy.FAIL)).frames(500).batch(1).epochs(1).flux()
                .blockLast(TIMEOUT));
        assertTrue(failed.getMessage().contains(denied) && failed.getMessage().contains("status 403"), failed.getMessage());

        DecodeReport report = new DecodeReport();
        assertThrows(IllegalStateException.class, () -> AudioPipeline.from(members)
                .decode(Decode.defaults().errorPolicy(ErrorPolicy.SKIP_AND_REPORT).report(report)).frames(500).batch(1)
                .epochs(1).flux().blockLast(TIMEOUT), "an epoch without a batch");
        assertEquals(1, report.count(AudioDecodeException.Kind.UNREADABLE));
        assertInstanceOf(ByteSourceException.class, report.problems().get(0).getCause());
    }

    @Test
    void aWrongS3SecretIsADeniedRequestNamingTheUrl() {
        System.setProperty("aws.secretAccessKey", "wrong");
        try {
            RemoteProvider.configure(settings);
            ShardException e = assertThrows(ShardException.class, () -> Sources.shards("s3://corpus/" + SHARDS).scan());
            ByteSourceException cause = assertInstanceOf(ByteSourceException.class, e.getCause());
            assertEquals(ByteSourceException.Kind.DENIED, cause.kind());
            assertEquals("s3://corpus/train/shard-000000.tar", cause.source());
        } finally {
            System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
            RemoteProvider.configure(settings);
        }
    }

    /**
     * Runs two epochs of {@code remote} behind {@code proxy}: the batches are the local ones, the
     * proxy cut at least 20 connections during the run, and the run's own report counts a retry
     * for (at least half of) them, no more than the JVM counted, and prints the count.
     */
    private static void assertTheRunCountsItsRetries(FaultProxy proxy, SourceSet remote) {
        List<Snapshot> expected = batches(pipeline(local));
        int cutsBefore = proxy.cuts();
        long jvmRetriesBefore = RemoteProvider.stats().retries();
        DecodeReport report = new DecodeReport();
        assertEquals(expected, batches(pipeline(remote).decode(Decode.defaults().report(report))));
        int cuts = proxy.cuts() - cutsBefore;
        long jvmRetries = RemoteProvider.stats().retries() - jvmRetriesBefore;
        assertTrue(cuts >= 20, "cuts in the run: " + cuts);
        assertTrue(report.remoteRetries() >= cuts / 2 && report.remoteRetries() <= jvmRetries,
                "the run's retries: " + report.remoteRetries() + " for " + cuts + " cuts, " + jvmRetries + " in the JVM");
        assertTrue(report.resumedTransfers() > 0 && report.resumedTransfers() <= report.remoteRetries(), report.toString());
        assertEquals(report.remoteRetries(), report.readRetries().size());
        assertTrue(report.readRetries().stream().allMatch(r -> r.source().contains(String.valueOf(proxy.port()))
                || r.source().startsWith("s3://corpus/train/")), report.readRetries().toString());
        assertTrue(report.toString().contains("remote retries: " + report.remoteRetries()), report.toString());
    }

    private static AudioPipeline pipeline(SourceSet sources) {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(1_000).shuffle(16)
                .lanes(3).batch(4).seed(11).epochs(2);
    }

    /** A batch's bytes and items, copied out so that it can be compared after release. */
    record Snapshot(long[] sources, long[] ordinals, byte[] bytes, Checkpoint checkpoint) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(sources, s.sources) && Arrays.equals(ordinals, s.ordinals)
                    && Arrays.equals(bytes, s.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(sources) + Arrays.toString(ordinals);
        }
    }

    private static List<Snapshot> batches(AudioPipeline pipeline) {
        List<Snapshot> out = new ArrayList<>();
        pipeline.flux().doOnNext(b -> {
            out.add(snapshot(b));
            b.release();
        }).blockLast(TIMEOUT);
        return out;
    }

    private static Snapshot snapshot(Batch batch) {
        ByteBuffer bytes = batch.bytes();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return new Snapshot(batch.sourceIndices(), batch.ordinals(), copy, batch.checkpoint().orElse(null));
    }
}
