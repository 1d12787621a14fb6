package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Epoch 0 of the music corpus ({@code RA_CORPUS}/mp3, e.g. {@code /tmp/ra-corpus}) served by a
 * real server to every rank of world sizes 2, 8 and 30, one rank after another, through the Java
 * client: the ranks' own items (each batch's last {@code padding} items left out) are exactly the
 * local world-1 epoch's, every rank receives the same number of batches and at most one batch of
 * padding. Prints one line per world size. Runs only when {@code RA_CORPUS} names a folder with an
 * {@code mp3} folder; decodes the corpus once per world size (minutes).
 */
class ShardedServingCorpusTest {

    private static final int BATCH = 32;
    private static final long SEED = 42;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    @Test
    void everySegmentOfTheServedMusicCorpusReachesExactlyOneRankAtWorldSizes2To30() {
        String root = System.getenv("RA_CORPUS");
        assumeTrue(root != null && Files.isDirectory(Path.of(root, "mp3")), "RA_CORPUS names no folder with mp3/");
        AudioPipeline pipeline = AudioPipeline.from(Sources.directory(Path.of(root, "mp3")).scan())
                .decode(Decode.defaults().concurrency(2)).conform(44_100, ChannelPolicy.stereo()).frames(44_100)
                .shuffle(64).batch(BATCH);
        Set<List<Long>> epoch = new HashSet<>();
        pipeline.seed(SEED).epochs(1).dropLast(false).flux().doOnNext(batch -> {
            try (batch) {
                for (int i = 0; i < batch.size(); i++) {
                    epoch.add(List.of(batch.sourceIndices()[i], batch.ordinals()[i]));
                }
            }
        }).blockLast(TIMEOUT);

        AudioServer server = AudioServer.builder().stream("train", BatchSource.of(pipeline, 1)).bindNow();
        try {
            for (int worldSize : new int[] {2, 8, 30}) {
                long started = System.nanoTime();
                List<List<Long>> own = new ArrayList<>();
                Set<Long> batches = new HashSet<>();
                long padding = 0;
                long mostPadding = 0;
                for (int rank = 0; rank < worldSize; rank++) {
                    long[] counts = {0, 0};
                    AudioClient.builder("127.0.0.1", server.port()).stream("train").shard(rank, worldSize).seed(SEED)
                            .reconnects(0).build().batches().doOnNext(batch -> {
                                try (batch) {
                                    int repeats = Integer.parseInt(batch.metadata().get("padding"));
                                    counts[0]++;
                                    counts[1] += repeats;
                                    for (int i = 0; i < batch.size() - repeats; i++) {
                                        own.add(List.of(batch.indices()[i], batch.ordinals()[i]));
                                    }
                                }
                            }).blockLast(TIMEOUT);
                    batches.add(counts[0]);
                    padding += counts[1];
                    mostPadding = Math.max(mostPadding, counts[1]);
                }
                System.out.printf(Locale.ROOT, "served, world %d: %d of %d segments received (%d distinct), %s batches"
                        + " per rank, %d padding items in all (at most %d per rank), %.0f s%n", worldSize, own.size(),
                        epoch.size(), new HashSet<>(own).size(), batches, padding, mostPadding,
                        (System.nanoTime() - started) / 1e9);
                assertEquals(epoch, new HashSet<>(own), "world " + worldSize);
                assertEquals(epoch.size(), own.size(), "no segment twice, world " + worldSize);
                assertEquals(1, batches.size(), "equal batch counts, world " + worldSize);
                assertTrue(mostPadding <= BATCH, "at most one batch of padding, world " + worldSize);
            }
        } finally {
            server.dispose();
        }
    }
}
