package io.reactiveaudio.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conv encoder over a pipeline's log-mel batches: each output batch carries its feature
 * batch's labels, indices, ordinals and checkpoint, and the embeddings are bit-identical with 1 or
 * 4 decode threads and with 1 or 3 sessions.
 */
class InferPipelineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int RATE = 16_000;

    @TempDir
    static Path corpus;

    @BeforeAll
    static void writeCorpus() throws IOException {
        for (int i = 0; i < 12; i++) {
            Path folder = Files.createDirectories(corpus.resolve(i % 2 == 0 ? "even" : "odd"));
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(folder.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, RATE, 1, 8_000 + 1_500 * i, 0.3), 1, RATE);
        }
    }

    private static AudioPipeline pipeline(int decodeThreads) throws IOException {
        return AudioPipeline.from(Sources.directory(corpus).labelsFromParentFolder(true).scan())
                .decode(Decode.defaults().concurrency(decodeThreads)).conform(RATE, ChannelPolicy.mono())
                .frames(4_000).shuffle(16).initialFill(8).batch(4).seed(11).epochs(2).poolSize(8)
                .features(LogMel.builder().sampleRate(RATE).nFft(400).hopLength(160).nMels(40).build());
    }

    /** One output batch's embeddings and what it carried. */
    record Embeddings(byte[] values, int[] labels, long[] sources, long[] ordinals, long epoch) {
    }

    private static List<Embeddings> embed(int decodeThreads, int sessions) throws IOException {
        List<Embeddings> out = new ArrayList<>();
        Model encoder = Model.onnx(Fixtures.model("conv-encoder.onnx")).input("logmel").output("embedding")
                .sessions(sessions);
        pipeline(decodeThreads).featureFlux().transform(Infer.of(encoder)).doOnNext(batch -> {
            try (batch) {
                ByteBuffer bytes = batch.bytes();
                byte[] values = new byte[bytes.remaining()];
                bytes.get(values);
                out.add(new Embeddings(values, batch.labels(), batch.sourceIndices(), batch.ordinals(), batch.epoch()));
            }
        }).blockLast(TIMEOUT);
        return out;
    }

    @Test
    void eachOutputBatchCarriesItsFeatureBatchsItemsAndCheckpoint() throws IOException {
        List<String> carried = new ArrayList<>();
        pipeline(2).featureFlux().doOnNext(batch -> {
            try (batch) {
                carried.add(Arrays.toString(batch.labels()) + Arrays.toString(batch.sourceIndices())
                        + Arrays.toString(batch.ordinals()) + batch.epoch() + batch.checkpoint().map(c ->
                        Arrays.toString(c.toBytes())).orElse("-"));
            }
        }).blockLast(TIMEOUT);
        List<String> inferred = new ArrayList<>();
        Model encoder = Model.onnx(Fixtures.model("conv-encoder.onnx")).input("logmel").output("embedding");
        pipeline(2).featureFlux().transform(Infer.of(encoder).expecting(4, 40, 26)).doOnNext(batch -> {
            try (batch) {
                assertArrayEquals(new int[] {4, 16}, batch.shape());
                inferred.add(Arrays.toString(batch.labels()) + Arrays.toString(batch.sourceIndices())
                        + Arrays.toString(batch.ordinals()) + batch.epoch() + batch.checkpoint().map(c ->
                        Arrays.toString(c.toBytes())).orElse("-"));
            }
        }).blockLast(TIMEOUT);

        assertTrue(carried.size() > 10, "batches: " + carried.size());
        assertEquals(carried, inferred);
    }

    @Test
    void embeddingsAreBitIdenticalForOneOrFourDecodeThreadsAndOneOrThreeSessions() throws IOException {
        List<Embeddings> reference = embed(1, 1);
        assertTrue(reference.size() > 10, "batches: " + reference.size());

        assertIdentical(reference, embed(4, 1), "4 decode threads");
        assertIdentical(reference, embed(1, 3), "3 sessions");
        assertIdentical(reference, embed(4, 3), "4 decode threads and 3 sessions");
    }

    private static void assertIdentical(List<Embeddings> expected, List<Embeddings> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": batches");
        for (int n = 0; n < expected.size(); n++) {
            assertArrayEquals(expected.get(n).values(), actual.get(n).values(), what + ": batch " + n);
            assertArrayEquals(expected.get(n).sources(), actual.get(n).sources(), what + ": batch " + n);
            assertArrayEquals(expected.get(n).ordinals(), actual.get(n).ordinals(), what + ": batch " + n);
        }
    }
}
