package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.framing.Framing;
import io.reactiveaudio.framing.RandomPrepend;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Epoch 0 of the music corpus ({@code RA_CORPUS}/mp3, e.g. {@code /tmp/ra-corpus}) at world sizes
 * 1, 2, 8 and 30, one rank after another: the segments every rank delivers as its own, the
 * padding and the batches of each rank, against world size 1, and what the former file-by-file
 * sharding (every rank cut to the smallest share's full batches) delivered from the same headers.
 * Asserts that the ranks' own items are exactly the world-1 epoch's, that all ranks give the same
 * number of batches and that none pads more than one batch; prints one line per world size. Runs
 * only when {@code RA_CORPUS} names a folder with an {@code mp3} folder; decodes the corpus once
 * per world size (minutes).
 */
class ShardCorpusTest {

    private static final int FRAMES = 44_100;
    private static final int BATCH = 32;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    @Test
    void everySegmentOfTheMusicCorpusReachesExactlyOneRankAtWorldSizes2To30() {
        String root = System.getenv("RA_CORPUS");
        assumeTrue(root != null && Files.isDirectory(Path.of(root, "mp3")), "RA_CORPUS names no folder with mp3/");
        SourceSet corpus = Sources.directory(Path.of(root, "mp3")).scan();
        AudioPipeline pipeline = AudioPipeline.from(corpus).decode(Decode.defaults().concurrency(2))
                .conform(44_100, ChannelPolicy.stereo()).frames(FRAMES).shuffle(64).batch(BATCH).seed(42).epochs(1);

        Set<List<Long>> epoch = new HashSet<>();
        long worldOneBatches = pipeline.dropLast(false).flux().doOnNext(batch -> {
            try (batch) {
                for (int i = 0; i < batch.size(); i++) {
                    epoch.add(List.of(batch.sourceIndices()[i], batch.ordinals()[i]));
                }
            }
        }).count().block(TIMEOUT);
        System.out.printf(Locale.ROOT, "world 1: %d segments, %d batches (the last partial)%n", epoch.size(),
                worldOneBatches);

        for (int worldSize : new int[] {2, 8, 30}) {
            long started = System.nanoTime();
            List<List<Long>> own = new ArrayList<>();
            Set<Long> batches = new HashSet<>();
            long mostPadding = 0;
            long padding = 0;
            for (int rank = 0; rank < worldSize; rank++) {
                long[] counts = {0, 0};
                pipeline.shard(rank, worldSize).flux().doOnNext(batch -> {
                    try (batch) {
                        counts[0]++;
                        counts[1] += batch.padding();
                        for (int i = 0; i < batch.size() - batch.padding(); i++) {
                            own.add(List.of(batch.sourceIndices()[i], batch.ordinals()[i]));
                        }
                    }
                }).blockLast(TIMEOUT);
                batches.add(counts[0]);
                padding += counts[1];
                mostPadding = Math.max(mostPadding, counts[1]);
            }
            System.out.printf(Locale.ROOT, "world %d: %d of %d segments delivered (%d distinct), %s batches per rank,"
                    + " %d padding items in all (at most %d per rank), %.0f s; file-by-file sharding delivered %d%n",
                    worldSize, own.size(), epoch.size(), new HashSet<>(own).size(), batches, padding, mostPadding,
                    (System.nanoTime() - started) / 1e9, formerlyDelivered(pipeline, corpus, worldSize));
            assertEquals(epoch, new HashSet<>(own), "world " + worldSize);
            assertEquals(epoch.size(), own.size(), "no segment twice, world " + worldSize);
            assertEquals(1, batches.size(), "equal batch counts, world " + worldSize);
            assertTrue(mostPadding <= BATCH, "at most one batch of padding, world " + worldSize);
        }
    }

    /**
     * The segments epoch 0 delivered before ranges: files dealt to ranks at places r, r + W, ...,
     * every rank cut to the fewest full batches any rank's files give by their headers.
     */
    private static long formerlyDelivered(AudioPipeline pipeline, SourceSet corpus, int worldSize) {
        Framing framing = RandomPrepend.of(FRAMES).keyed(42, 0);
        Map<Long, Long> frames = new HashMap<>();
        for (AudioSource source : corpus.sources()) {
            frames.put(source.index(), AudioDecoders.standard().probe(source.path()).frames());
        }
        List<AudioSource> order = pipeline.fileOrder(0);
        long fewest = Long.MAX_VALUE;
        for (int rank = 0; rank < worldSize; rank++) {
            long segments = 0;
            for (int i = rank; i < order.size(); i += worldSize) {
                segments += framing.segments(order.get(i).index(), frames.get(order.get(i).index()));
            }
            fewest = Math.min(fewest, segments / BATCH);
        }
        return fewest * BATCH * worldSize;
    }
}
