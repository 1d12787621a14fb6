package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.conform.Conform;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.framing.RandomPrepend;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

class AudioPipelineTest {

    private static final int F = 1_000;

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 12, 700, 977);
    }

    @Test
    void anEpochDeliversEverySegmentExactlyOnce() {
        AudioPipeline pipeline = pipeline().dropLast(false);
        List<String> seen = new ArrayList<>();
        pipeline.flux().doOnNext(b -> {
            long[] indices = b.sourceIndices();
            long[] ordinals = b.ordinals();
            for (int i = 0; i < b.size(); i++) {
                seen.add(indices[i] + "/" + ordinals[i]);
            }
            b.release();
        }).blockLast(Duration.ofSeconds(30));

        Set<String> expected = new HashSet<>();
        RandomPrepend framing = RandomPrepend.of(F).seed(7).epoch(0);
        for (AudioSource s : sources.sources()) {
            long frames = Math.round(Math.ceil((double) (700 + 977 * s.index()) * 16_000
                    / (s.index() % 3 == 0 ? 22_050 : 16_000)));
            long segments = (framing.prependFrames(s.index()) + frames + F - 1) / F;
            for (long k = 0; k < segments; k++) {
                expected.add(s.index() + "/" + k);
            }
        }
        assertEquals(expected.size(), seen.size(), "no duplicates");
        assertEquals(expected, new HashSet<>(seen));
    }

    @Test
    void theSameSeedGivesBitIdenticalBatchesWithOneOrFourDecodeThreads() {
        long one = TestCorpus.checksum(pipeline().decode(Decode.defaults().concurrency(1)).epochs(2));
        long four = TestCorpus.checksum(pipeline().decode(Decode.defaults().concurrency(4).chunkFrames(333)).epochs(2));
        long otherSeed = TestCorpus.checksum(pipeline().seed(8).epochs(2));

        assertEquals(one, four);
        assertNotEquals(one, otherSeed);
    }

    @Test
    void epochsReadTheFilesInDifferentOrders() {
        AudioPipeline pipeline = pipeline();
        assertNotEquals(pipeline.fileOrder(0), pipeline.fileOrder(1));
        assertEquals(new HashSet<>(sources.sources()), new HashSet<>(pipeline.fileOrder(1)));
    }

    @Test
    void startEpochRunsTheLaterEpochsAsIfTheEarlierOnesHadRun() {
        CRC32C secondEpoch = new CRC32C();
        pipeline().epochs(2).flux().doOnNext(b -> {
            if (b.checkpoint().orElseThrow().epoch() == 1) {
                secondEpoch.update(b.bytes());
            }
            b.release();
        }).blockLast(Duration.ofSeconds(30));

        assertEquals(secondEpoch.getValue(), TestCorpus.checksum(pipeline().startEpoch(1).epochs(2)));
        assertNotEquals(secondEpoch.getValue(), TestCorpus.checksum(pipeline().epochs(1)));
        assertEquals(0, pipeline().startEpoch(2).epochs(2).flux().count().block(Duration.ofSeconds(30)));
    }

    @Test
    void endlessEpochsKeepComingAndEveryBufferGoesBackToItsPool() {
        List<Batch> kept = new ArrayList<>();
        pipeline().epochs(Long.MAX_VALUE).flux().take(40).doOnNext(b -> {
            kept.add(b);
            b.release();
        }).blockLast(Duration.ofSeconds(30));

        assertEquals(40, kept.size());
        assertTrue(kept.stream().allMatch(Batch::isReleased));
    }

    @Test
    void everyItemHoldsTheSamplesOfItsSegmentAsTheFramingCutsTheDecodedSourceOnItsOwn() {
        AudioPipeline pipeline = pipeline().epochs(2).dropLast(false);
        Map<String, float[]> expected = new HashMap<>();
        for (long epoch = 0; epoch < 2; epoch++) {
            long e = epoch;
            Flux.fromIterable(sources.sources()).transform(Decode.defaults().concurrency(1))
                    .transform(Conform.to(16_000, ChannelPolicy.stereo()))
                    .transform(RandomPrepend.of(F).seed(7).epoch(epoch))
                    .doOnNext(seg -> expected.put(e + "/" + seg.source().index() + "/" + seg.ordinal(), seg.samples()))
                    .blockLast(Duration.ofSeconds(30));
        }
        int[] items = {0};

        pipeline.flux().doOnNext(b -> {
            float[] audio = new float[b.size() * F * 2];
            b.audio().get(audio);
            for (int i = 0; i < b.size(); i++) {
                String key = b.epoch() + "/" + b.sourceIndices()[i] + "/" + b.ordinals()[i];
                assertArrayEquals(expected.get(key), Arrays.copyOfRange(audio, i * F * 2, (i + 1) * F * 2), key);
                items[0]++;
            }
            b.release();
        }).blockLast(Duration.ofSeconds(30));

        assertEquals(expected.size(), items[0], "every segment of both epochs, each checked");
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(F).shuffle(16).batch(4)
                .seed(7).epochs(1);
    }
}
