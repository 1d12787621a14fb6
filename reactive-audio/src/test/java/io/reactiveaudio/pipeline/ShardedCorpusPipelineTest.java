package io.reactiveaudio.pipeline;

import static io.reactiveaudio.pipeline.BatchSnapshot.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Location;
import io.reactiveaudio.bytes.TarWriter;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.source.LabelMap;
import io.reactiveaudio.source.ShardWriter;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus packed into tar shards trains like the folder it came from: shards are the unit the
 * epoch shuffles and deals to lanes, the batches do not depend on the decode threads, and a
 * resume from any batch gives the batches that followed.
 */
class ShardedCorpusPipelineTest {

    private static final int F = 500;

    @TempDir
    static Path dir;
    static SourceSet folder;
    static SourceSet oneSamplePerShard;
    static SourceSet shards;

    @BeforeAll
    static void packTheCorpus() throws IOException {
        folder = TestCorpus.write(Files.createDirectories(dir.resolve("folder")), 14, 1_200, 733);
        oneSamplePerShard = pack(dir.resolve("singles"), 4096);
        shards = pack(dir.resolve("shards"), 48 * 1024);
        assertTrue(shards.sources().stream().map(s -> s.location().shard()).distinct().count() >= 4,
                "several shards of several samples");
    }

    @Test
    void shardsOfOneSampleEachGiveTheFolderBatchesBitForBit() {
        assertEquals(14, oneSamplePerShard.sources().stream().map(s -> s.location().shard()).distinct().count());
        assertEquals(run(pipeline(folder)), run(pipeline(oneSamplePerShard)));
    }

    @Test
    void anEpochShufflesWholeShardsAndReadsEachInArchiveOrder() {
        AudioPipeline pipeline = pipeline(shards);
        List<AudioSource> first = pipeline.fileOrder(0);
        List<AudioSource> second = pipeline.fileOrder(1);
        assertNotEquals(first, second, "each epoch its own shard order");
        for (List<AudioSource> order : List.of(first, second)) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                String shard = order.get(i).location().shard();
                if (i == 0 || !shard.equals(order.get(i - 1).location().shard())) {
                    assertTrue(!seen.contains(shard), "a shard's samples come together: " + shard);
                    seen.add(shard);
                } else {
                    assertEquals(order.get(i - 1).index() + 1, order.get(i).index(), "archive order within a shard");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void theBatchesDoNotDependOnTheDecodeThreads(int threads) {
        assertEquals(run(pipeline(shards)), run(pipeline(shards).decode(Decode.defaults().concurrency(threads))));
    }

    @Test
    void resumingAfterAnyBatchGivesTheBatchesThatFollowed() {
        AudioPipeline pipeline = pipeline(shards);
        List<BatchSnapshot> whole = run(pipeline);
        assertTrue(whole.size() > 20, "batches: " + whole.size());
        for (int k = 0; k < whole.size(); k += 5) {
            assertEquals(whole.subList(k + 1, whole.size()), run(pipeline.resumeFrom(whole.get(k).checkpoint())),
                    "resumed after batch " + k);
        }
    }

    @Test
    void ranksOfShardsGiveEqualBatchCountsAndTogetherEverySegment() {
        List<BatchSnapshot> alone = run(pipeline(shards).epochs(1).dropLast(false));
        long segments = alone.stream().mapToLong(b -> b.sources().length).sum();
        long together = 0;
        int batches = -1;
        for (int rank = 0; rank < 3; rank++) {
            List<BatchSnapshot> share = run(pipeline(shards).epochs(1).shard(rank, 3));
            assertTrue(batches < 0 || batches == share.size(), "equal batch counts per rank");
            batches = share.size();
            together += share.stream().mapToLong(b -> b.sources().length - b.padding()).sum();
        }
        assertEquals(segments, together);
    }

    @Test
    void eachItemOfABatchCarriesItsSamplesJsonThroughShuffleLanesAndResume() throws IOException {
        Path out = Files.createDirectories(dir.resolve("json"));
        Map<String, String> jsonByMember = new HashMap<>();
        List<AudioSource> files = folder.sources();
        for (int s = 0; s < 3; s++) {
            try (TarWriter tar = new TarWriter(Files.newOutputStream(out.resolve("shard-" + s + ".tar")))) {
                for (int i = s; i < files.size(); i += 3) {
                    String key = String.format("%02d", i);
                    tar.add(key + ".wav", Files.readAllBytes(files.get(i).path()));
                    if (i % 4 != 0) {
                        String text = "{\"speaker\": \"s" + i + "\",\n \"turns\": [" + i + ", 2]}";
                        tar.add(key + ".json", text.getBytes(StandardCharsets.UTF_8));
                        jsonByMember.put(key + ".wav", text);
                    }
                }
            }
        }
        SourceSet withJson = Sources.shards(out.toString()).scan();
        AudioPipeline pipeline = pipeline(withJson);
        List<BatchSnapshot> whole = run(pipeline);
        int items = 0;
        int withText = 0;
        for (BatchSnapshot batch : whole) {
            assertEquals(batch.sources().length, batch.metadata().size());
            for (int b = 0; b < batch.sources().length; b++) {
                String member = withJson.get((int) batch.sources()[b]).location().member();
                assertEquals(jsonByMember.getOrDefault(member, ""), batch.metadata().get(b), member);
                items++;
                withText += batch.metadata().get(b).isEmpty() ? 0 : 1;
            }
        }
        assertTrue(withText > 0 && withText < items, withText + " of " + items + " items with JSON");
        int k = whole.size() / 2;
        assertEquals(whole.subList(k + 1, whole.size()), run(pipeline.resumeFrom(whole.get(k).checkpoint())),
                "a resumed run's items carry the same JSON (BatchSnapshot compares it)");
    }

    @Test
    void theMemoryEstimateNamesTheReadAheadOfEachLanesRemoteShardStream() {
        List<AudioSource> remote = new ArrayList<>();
        for (AudioSource local : shards.sources()) {
            Location at = local.location();
            remote.add(AudioSource.member(local.index(), new Location("s3://bucket/train/"
                    + Path.of(at.shard()).getFileName(), at.member(), at.offset(), at.length()), null, -1));
        }
        SourceSet inS3 = SourceSet.of(remote, LabelMap.empty());
        for (int lanes : new int[] {1, 3}) {
            MemoryEstimate local = pipeline(shards).lanes(lanes).memoryEstimate();
            MemoryEstimate fromS3 = pipeline(inS3).lanes(lanes).memoryEstimate();
            assertEquals(0, local.remoteReadAhead());
            assertEquals(2 * lanes * 8 * 64 * 1024L, fromS3.remoteReadAhead(), "an open and a parked stream per lane");
            assertEquals(local.total() + fromS3.remoteReadAhead(), fromS3.total());
            assertTrue(fromS3.toString().contains("remote read-ahead " + lanes + " MB"), fromS3.toString());
        }
    }

    private static SourceSet pack(Path out, long shardBytes) {
        try (ShardWriter writer = new ShardWriter(out, shardBytes)) {
            folder.sources().forEach(writer::add);
        }
        return Sources.shards(out.toString()).scan();
    }

    private static AudioPipeline pipeline(SourceSet sources) {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(F).shuffle(24)
                .initialFill(4).growth(3).lanes(3).batch(3).seed(5).epochs(2);
    }
}
