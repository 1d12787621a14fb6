package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ranks of a statically sharded stream, served by a real server and received through the Java
 * client, together receive every segment of the world-1 epoch exactly once, the same number of
 * batches each; the items that repeat others to fill a rank's last batch are counted in each
 * BATCH's {@code padding} metadata, as the local pipeline marks them.
 */
class ShardedServingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SEED = 9;
    private static final int EPOCHS = 2;

    @TempDir
    static Path corpus;
    static AudioPipeline base;
    static AudioServer server;

    @BeforeAll
    static void start() throws IOException {
        TestCorpus.write(corpus, 11);
        base = TestCorpus.pipeline(corpus).seed(SEED);
        server = AudioServer.builder().stream("train", BatchSource.of(base, EPOCHS)).metricsPort(0).bindNow();
    }

    @AfterAll
    static void stop() {
        server.dispose();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void theRanksTogetherReceiveEverySegmentOfTheWorldOneEpochOnce(int worldSize) {
        List<Item> expected = sorted(local(base.epochs(EPOCHS).dropLast(false)));

        List<Item> own = new ArrayList<>();
        Set<List<Long>> batchesPerEpoch = new HashSet<>();
        double paddingCountedBefore = paddingCounted();
        int padded = 0;
        for (int rank = 0; rank < worldSize; rank++) {
            List<Item> received = remote(rank, worldSize);
            assertEquals(local(base.shard(rank, worldSize).epochs(EPOCHS)), received,
                    "rank " + rank + " receives its local shard's items, padding marked alike");
            for (long epoch = 0; epoch < EPOCHS; epoch++) {
                long e = epoch;
                long padding = received.stream().filter(i -> i.epoch() == e && i.padding()).count();
                assertTrue(padding <= 4, "at most one batch of padding: " + padding);
                padded += (int) padding;
            }
            batchesPerEpoch.add(List.of(batches(received, 0), batches(received, 1)));
            own.addAll(received.stream().filter(i -> !i.padding()).toList());
        }

        assertEquals(expected, sorted(own));
        assertEquals(1, batchesPerEpoch.size(), "the same batches per epoch for every rank: " + batchesPerEpoch);
        assertTrue(padded > 0, "some rank pads its last batch");
        assertEquals(padded, paddingCounted() - paddingCountedBefore, "the server's /metrics count every padding item");
    }

    /** The server's {@code reactive_audio_items_padding_total} of the stream, from {@code /metrics}. */
    private static double paddingCounted() {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^reactive_audio_items_padding_total\\{stream=\"train\"} ([0-9.E]+)$")
                    .matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One item as received: its epoch, source, ordinal, whether it is padding, and its batch's number. */
    private record Item(long epoch, long source, long ordinal, boolean padding, long batch) {
    }

    private static List<Item> remote(int rank, int worldSize) {
        List<Item> out = new ArrayList<>();
        AudioClient.builder("127.0.0.1", server.port()).stream("train").shard(rank, worldSize).seed(SEED)
                .reconnects(0).build().batches().doOnNext(batch -> {
                    try (batch) {
                        int padding = Integer.parseInt(batch.metadata().get("padding"));
                        long[] indices = batch.indices();
                        long[] ordinals = batch.ordinals();
                        for (int i = 0; i < batch.size(); i++) {
                            out.add(new Item(batch.epoch(), indices[i], ordinals[i], i >= batch.size() - padding,
                                    batch.number()));
                        }
                    }
                }).blockLast(TIMEOUT);
        return out;
    }

    private static List<Item> local(AudioPipeline pipeline) {
        List<Item> out = new ArrayList<>();
        long[] number = {0, -1};
        pipeline.flux().doOnNext(batch -> {
            try (batch) {
                if (batch.epoch() != number[1]) {
                    number[0] = 0;
                    number[1] = batch.epoch();
                }
                number[0]++;
                long[] indices = batch.sourceIndices();
                long[] ordinals = batch.ordinals();
                for (int i = 0; i < batch.size(); i++) {
                    out.add(new Item(batch.epoch(), indices[i], ordinals[i], batch.isPadding(i), number[0]));
                }
            }
        }).blockLast(TIMEOUT);
        return out;
    }

    private static long batches(List<Item> items, long epoch) {
        return items.stream().filter(i -> i.epoch() == epoch).mapToLong(Item::batch).max().orElse(0);
    }

    /** The items' (epoch, source, ordinal), sorted: a multiset that ignores batches and padding marks. */
    private static List<Item> sorted(List<Item> items) {
        return items.stream().map(i -> new Item(i.epoch(), i.source(), i.ordinal(), false, 0))
                .sorted(Comparator.comparingLong(Item::epoch).thenComparingLong(Item::source)
                        .thenComparingLong(Item::ordinal))
                .toList();
    }
}
