package io.reactiveaudio.pipeline;

import static io.reactiveaudio.pipeline.BatchSnapshot.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.framing.RandomCrop;
import io.reactiveaudio.framing.WholeClip;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sharding keeps every item: at any world size the ranks' own items are exactly the segments of
 * the world-1 epoch, each reaching one rank; every rank gets the same number of batches, with at
 * most one batch of repeated items, marked in the batches and counted in the report; each rank is
 * deterministic and resumes exactly; and where files give other counts than their headers, every
 * segment still reaches one rank or is counted as dropped.
 */
class AudioPipelineShardTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int F = 500;
    private static final int B = 3;

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 13, 300, 911);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 30})
    void everySegmentOfTheWorldOneEpochReachesExactlyOneRank(int worldSize) {
        for (int window : new int[] {1, 24}) {
            AudioPipeline pipeline = pipeline().shuffle(window).initialFill(Math.min(4, window)).epochs(2);
            List<Item> expected = sorted(items(pipeline.dropLast(false)));
            for (boolean dropLast : worldSize == 1 ? new boolean[] {false} : new boolean[] {true, false}) {
                String run = "window " + window + ", world " + worldSize + ", dropLast " + dropLast;
                List<Item> own = new ArrayList<>();
                Set<List<Long>> batchesPerEpoch = new HashSet<>();
                for (int rank = 0; rank < worldSize; rank++) {
                    ShardReport report = new ShardReport();
                    List<Item> mine = items(pipeline.dropLast(dropLast).shard(rank, worldSize).shardReport(report));
                    batchesPerEpoch.add(batchesPerEpoch(mine));
                    for (long epoch = 0; epoch < 2; epoch++) {
                        long e = epoch;
                        List<Item> padding = mine.stream().filter(i -> i.epoch() == e && i.padding()).toList();
                        assertTrue(padding.size() <= B, run + ", rank " + rank + " pads " + padding.size());
                        List<Item> ownOfEpoch = sorted(mine.stream().filter(i -> i.epoch() == e && !i.padding())
                                .toList());
                        assertTrue((ownOfEpoch.size() >= padding.size() ? ownOfEpoch : expected)
                                .containsAll(sorted(padding)), run + ", rank " + rank + " repeats its own first"
                                + " segments, or when it has too few, its neighbours': " + padding);
                        if (worldSize > 1) {
                            ShardReport.Epoch account = report.epochs().get((int) epoch);
                            assertEquals(padding.size(), account.padding(), run);
                            assertEquals(mine.stream().filter(i -> i.epoch() == e && !i.padding()).count(),
                                    account.segments(), run);
                            assertEquals(0, account.dropped(), run);
                        }
                    }
                    if (dropLast) {
                        assertTrue(mine.stream().collect(Collectors.groupingBy(Item::batch, Collectors.counting()))
                                .values().stream().allMatch(n -> n == B), "full batches only");
                    }
                    own.addAll(mine.stream().filter(i -> !i.padding()).toList());
                }
                assertEquals(expected, sorted(own), run);
                assertEquals(1, batchesPerEpoch.size(), run + ", batches per epoch of each rank: " + batchesPerEpoch);
            }
        }
    }

    @Test
    void otherFramingsAreSharedWithoutLossToo() {
        for (AudioPipeline framed : List.of(pipeline().framing(RandomCrop.of(F).crops(3)),
                pipeline().framing(WholeClip.of(12_000)))) {
            List<Item> expected = sorted(items(framed.dropLast(false)));
            List<Item> own = new ArrayList<>();
            for (int rank = 0; rank < 4; rank++) {
                own.addAll(items(framed.shard(rank, 4)).stream().filter(i -> !i.padding()).toList());
            }
            assertEquals(expected, sorted(own));
        }
    }

    @Test
    void eachRankGivesTheSameBatchesWithAnyDecodeThreadsAndResumesAfterAnyBatch() {
        for (int worldSize : new int[] {3, 8}) {
            for (int rank = 0; rank < worldSize; rank += worldSize == 3 ? 1 : 7) {
                AudioPipeline pipeline = pipeline().shuffle(24).initialFill(4).epochs(2).shard(rank, worldSize);
                List<BatchSnapshot> whole = run(pipeline);
                assertTrue(whole.stream().anyMatch(s -> s.padding() > 0), "rank " + rank + " pads");
                assertEquals(whole, run(pipeline.decode(Decode.defaults().concurrency(4).chunkFrames(777))));

                for (int k = 0; k < whole.size() - 1; k++) {
                    Checkpoint checkpoint = Checkpoint.fromBytes(whole.get(k).checkpoint().toBytes());
                    assertEquals(whole.subList(k + 1, whole.size()), run(pipeline.resumeFrom(checkpoint)),
                            "world " + worldSize + ", rank " + rank + ", resumed after batch " + k);
                }
            }
        }
    }

    @Test
    void ranksWithoutASegmentOfTheirOwnPadFromTheirNeighboursAndResumeAfterPadding() {
        AudioPipeline clips = AudioPipeline.from(sources).conform(16_000, ChannelPolicy.mono())
                .framing(WholeClip.of(12_000)).lanes(2).batch(4).seed(3).epochs(2);
        List<Item> expected = sorted(items(clips.dropLast(false)));
        List<Item> own = new ArrayList<>();
        int empty = 0;
        for (int rank = 0; rank < 30; rank++) {
            List<BatchSnapshot> batches = run(clips.shard(rank, 30));
            assertEquals(2, batches.size(), "one batch an epoch for 13 clips over 30 ranks");
            List<Item> mine = items(clips.shard(rank, 30));
            own.addAll(mine.stream().filter(i -> !i.padding()).toList());
            if (batches.get(0).padding() == 4) {
                empty++;
                assertEquals(batches.subList(1, 2), run(clips.shard(rank, 30).resumeFrom(batches.get(0).checkpoint())),
                        "rank " + rank + " resumed after a batch of padding alone");
            }
        }
        assertEquals(expected, sorted(own));
        assertTrue(empty > 10, "most ranks have no clip of their own: " + empty);
    }

    @Test
    void filesThatGiveOtherCountsThanTheirHeadersStillReachOneRankOrAreCountedAsDropped() {
        AudioDecoders lying = AudioDecoders.of(List.of(new MisstatedHeaders(Map.of("12.wav", 0.25, "07.wav", 3.0))));
        AudioPipeline pipeline = pipeline().shuffle(24).initialFill(4).epochs(1)
                .decode(Decode.defaults().decoders(lying));
        List<Item> expected = sorted(items(pipeline.dropLast(false)));

        List<Item> own = new ArrayList<>();
        Set<Integer> batches = new HashSet<>();
        ShardReport report = new ShardReport();
        for (int rank = 0; rank < 3; rank++) {
            List<Item> mine = items(pipeline.shard(rank, 3).shardReport(report));
            batches.add(mine.stream().mapToInt(Item::batch).max().orElse(-1) + 1);
            own.addAll(mine.stream().filter(i -> !i.padding()).toList());
        }

        assertEquals(1, batches.size(), "equal batch counts: " + batches);
        assertEquals(own.size(), new HashSet<>(own.stream().map(i -> List.of(i.source(), i.ordinal())).toList()).size(),
                "no segment reaches two ranks");
        assertTrue(expected.containsAll(sorted(own)));
        assertTrue(report.dropped() > 0, "file 12 gives four times its header's count: " + report);
        assertEquals(expected.size(), own.size() + report.dropped(), "every segment delivered or counted as dropped");
        assertEquals(own.size(), report.segments());
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(F).growth(3).lanes(3)
                .batch(B).seed(5).epochs(1);
    }

    /** One item of a batch: its epoch, source and ordinal, whether it is padding, and the batch it came in. */
    private record Item(long epoch, long source, long ordinal, boolean padding, int batch) {
    }

    private static List<Item> items(AudioPipeline pipeline) {
        List<Item> out = new ArrayList<>();
        int[] count = {0};
        pipeline.flux().doOnNext(b -> {
            long[] indices = b.sourceIndices();
            long[] ordinals = b.ordinals();
            for (int i = 0; i < b.size(); i++) {
                out.add(new Item(b.epoch(), indices[i], ordinals[i], b.isPadding(i), count[0]));
            }
            count[0]++;
            b.release();
        }).blockLast(TIMEOUT);
        return out;
    }

    /** The number of batches of each epoch, in epoch order. */
    private static List<Long> batchesPerEpoch(List<Item> items) {
        return items.stream().collect(Collectors.groupingBy(Item::epoch, java.util.TreeMap::new,
                Collectors.mapping(Item::batch, Collectors.toSet()))).values().stream()
                .map(set -> (long) set.size()).toList();
    }

    /** The items' (epoch, source, ordinal), sorted: a multiset that ignores batches and padding marks. */
    private static List<Item> sorted(List<Item> items) {
        return items.stream().map(i -> new Item(i.epoch(), i.source(), i.ordinal(), false, 0))
                .sorted(Comparator.comparingLong(Item::epoch).thenComparingLong(Item::source)
                        .thenComparingLong(Item::ordinal))
                .toList();
    }

    /**
     * The built-in WAV decoder with headers that misstate the length of some files, as estimated
     * lengths do (a VBR MP3 without a Xing tag read by a decoder that guesses from the bit rate):
     * the named files' frame counts are scaled by their factor; the audio is the file's own.
     */
    private record MisstatedHeaders(Map<String, Double> factors) implements AudioDecoder {

        private static final AudioDecoder WAV = AudioDecoders.builtIn().decoders().stream()
                .filter(d -> d.codec() == Codec.WAV).findFirst().orElseThrow();

        @Override
        public Codec codec() {
            return Codec.WAV;
        }

        @Override
        public boolean sniff(byte[] head, int length) {
            return WAV.sniff(head, length);
        }

        @Override
        public AudioInfo probe(ByteInput in) {
            return misstated(WAV.probe(in));
        }

        @Override
        public PcmReader open(ByteInput in) {
            PcmReader reader = WAV.open(in);
            AudioInfo info = misstated(reader.info());
            return new PcmReader() {
                @Override
                public AudioInfo info() {
                    return info;
                }

                @Override
                public int read(float[] dst, int maxFrames) {
                    return reader.read(dst, maxFrames);
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        }

        private AudioInfo misstated(AudioInfo info) {
            double factor = factors.getOrDefault(info.path().getFileName().toString(), 1.0);
            return info.withFrames(Math.round(info.frames() * factor));
        }
    }
}
