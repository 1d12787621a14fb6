package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.cache.CacheStats;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.features.mel.MelSpectrogram;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.netty.client.ReceivedBatch;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.onnx.Infer;
import io.reactiveaudio.onnx.Model;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Starts {@code serve} on a free loopback port over the demo corpus (MP3s and a WAV) and reads it
 * with the Java client: what arrives must be exactly what the local pipeline makes for the seed.
 */
class ServeCommandTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The pipeline options every test serves, matched by {@link #local}. */
    private static final List<String> PIPELINE = List.of("--port", "0", "--sample-rate", "16000", "--mono",
            "--frame", "2000", "--batch", "4", "--buffer", "16");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path corpus;
    private RunningServe serve;

    @BeforeEach
    void extractCorpus() throws IOException {
        corpus = DemoCorpus.extract();
    }

    @AfterEach
    void stopAndDelete() throws Exception {
        try {
            if (serve != null) {
                serve.close();
            }
        } finally {
            DemoCorpus.delete(corpus);
        }
    }

    @Test
    void logMelFeaturesArriveShapedBatchByMelsByFramesAndEqualTheLocalPipelines() throws InterruptedException {
        int port = serve("--features", "logmel", "--n-mels", "40", "--hop-length", "160", "--epochs", "1");

        List<float[]> remote = new ArrayList<>();
        client(port).seed(7).build().batches().doOnNext(batch -> {
            try (batch) {
                assertEquals("features", batch.kind());
                assertArrayEquals(new long[] {4, 40, 1 + 2000 / 160}, batch.shape());
                remote.add(floats(batch.floats()));
            }
        }).blockLast(TIMEOUT);

        List<float[]> local = new ArrayList<>();
        local(Decode.defaults()).features(LogMel.builder().sampleRate(16_000).hopLength(160).nMels(40).withoutTopDb()
                .build()).seed(7).epochs(1).featureFlux().doOnNext(batch -> {
            try (FeatureBatch b = batch) {
                local.add(floats(b.features()));
            }
        }).blockLast(TIMEOUT);
        assertTrue(local.size() >= 3, "the corpus gives a few batches: " + local.size());
        assertEquals(local.size(), remote.size());
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(local.get(i), remote.get(i), "batch " + i);
        }
        assertTrue(out.toString().contains("logmel features"), out.toString());
    }

    @Test
    void withAModelTheOutputsArriveNamedLikeTheOutputAndEqualTheLocalInference() throws Exception {
        Path model = Path.of(ServeCommandTest.class.getResource("/models/energy.onnx").toURI());
        int port = serve("--model", model.toString(), "--sessions", "2", "--epochs", "1");

        List<float[]> remote = new ArrayList<>();
        List<long[]> remoteIndices = new ArrayList<>();
        client(port).seed(7).build().batches().doOnNext(batch -> {
            try (batch) {
                assertEquals("energy", batch.kind());
                assertEquals("B,energy", batch.metadata().get("axes"));
                assertArrayEquals(new long[] {4, 1}, batch.shape());
                remote.add(floats(batch.floats()));
                remoteIndices.add(batch.indices());
            }
        }).blockLast(TIMEOUT);

        List<float[]> local = new ArrayList<>();
        List<long[]> localIndices = new ArrayList<>();
        local(Decode.defaults()).seed(7).epochs(1).flux().transform(Infer.of(Model.onnx(model))).doOnNext(batch -> {
            try (batch) {
                local.add(floats(batch.output("energy")));
                localIndices.add(batch.sourceIndices());
            }
        }).blockLast(TIMEOUT);
        assertTrue(local.size() >= 3, "the corpus gives a few batches: " + local.size());
        assertEquals(local.size(), remote.size());
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(local.get(i), remote.get(i), "batch " + i);
            assertArrayEquals(localIndices.get(i), remoteIndices.get(i), "batch " + i);
        }
        assertTrue(out.toString().contains("through SessionPool{"), out.toString());
    }

    @Test
    void mfccInFramesByBinsLayoutKeepsEachFrameContiguous() throws InterruptedException {
        int port = serve("--features", "mfcc", "--n-mfcc", "13", "--feature-layout", "frames-bins", "--epochs", "1");

        ReceivedBatch first = client(port).seed(2).build().batches().blockFirst(TIMEOUT);

        try (first) {
            assertEquals("FRAMES_BINS", first.layout());
            assertArrayEquals(new long[] {4, 1 + 2000 / 200, 13}, first.shape(), "(B, frames, n_mfcc), hop n_fft / 2");
        }
    }

    @Test
    void theDecoderOptionPicksTheBackendThePipelineDecodesWith() throws InterruptedException {
        int port = serve("--decoder", "jlayer", "--epochs", "1");

        List<Long> remote = fingerprints(client(port).seed(3).build());

        Decode jlayer = Decode.defaults().decoders(AudioDecoders.preferring("jlayer"));
        assertEquals(fingerprints(local(jlayer).seed(3).epochs(1)), remote);
        Decode ffmpeg = Decode.defaults().decoders(AudioDecoders.preferring("ffmpeg"));
        assertNotEquals(fingerprints(local(ffmpeg).seed(3).epochs(1)), remote, "FFmpeg's samples differ in low bits");
        assertTrue(out.toString().contains("decoder jlayer"), out.toString());
    }

    @Test
    void theCacheIsFilledInTheFirstEpochAndServesTheSecond(@TempDir Path cacheDir) throws Exception {
        int port = serve("--cache", cacheDir.toString());

        List<Long> remote = fingerprints(client(port).seed(5).epochs(2).build());

        assertEquals(fingerprints(local(Decode.defaults()).seed(5).epochs(2)), remote);
        long files;
        try (Stream<Path> cached = Files.list(cacheDir)) {
            files = cached.filter(Files::isRegularFile).count();
        }
        CacheStats stats = serve.command().cache.stats();
        assertEquals(5, files, "the corpus's six files less the truncated one, which fails and is never stored");
        assertEquals(5, stats.storedOnDisk(), stats.toString());
        assertEquals(5, stats.diskHits(), "the second epoch read the five from the cache: " + stats);
        assertEquals(5 + 2, stats.misses(), "the five decoded once, the truncated one in each epoch: " + stats);
    }

    @Test
    void sharedFeaturesDealTheOneFeaturePipelineOfTheServersSeed() throws InterruptedException {
        int port = serve("--shared", "--seed", "11", "--features", "mel", "--n-mels", "32", "--epochs", "1");

        List<float[]> remote = new ArrayList<>();
        client(port).build().batches().doOnNext(batch -> {
            try (batch) {
                remote.add(floats(batch.floats()));
            }
        }).blockLast(TIMEOUT);

        List<float[]> local = new ArrayList<>();
        local(Decode.defaults()).features(MelSpectrogram.builder().sampleRate(16_000).nMels(32).build()).seed(11)
                .epochs(1).featureFlux().doOnNext(batch -> {
                    try (FeatureBatch b = batch) {
                        local.add(floats(b.features()));
                    }
                }).blockLast(TIMEOUT);
        assertEquals(local.size(), remote.size());
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(local.get(i), remote.get(i), "batch " + i);
        }
    }

    @Test
    void aSendBufferSizeServesTheSameBatches() throws InterruptedException {
        int port = serve("--send-buffer", "64k", "--epochs", "1");

        assertEquals(fingerprints(local(Decode.defaults()).seed(2).epochs(1)), fingerprints(client(port).seed(2).build()));
    }

    @Test
    void aSendBufferIsASizeOrAuto() {
        assertEquals(2, run("serve", corpus.toString(), "--port", "0", "--send-buffer", "-5"));
        assertTrue(err.toString().contains("--send-buffer takes a size such as 512K, or auto: -5"), err.toString());

        assertEquals(2, run("serve", corpus.toString(), "--port", "0", "--send-buffer", "4G"));
        assertTrue(err.toString().contains("--send-buffer takes at most 2G: 4G"), err.toString());
    }

    @Test
    void anUnknownFeatureKindIsRefused() {
        assertEquals(2, run("serve", corpus.toString(), "--port", "0", "--features", "chroma"));

        assertTrue(err.toString().contains("--features: spectrogram, mel, logmel or mfcc, got chroma"), err.toString());
    }

    /** Starts {@code serve} on the corpus with {@link #PIPELINE} and {@code options}; returns its port. */
    private int serve(String... options) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", corpus.toString()));
        args.addAll(PIPELINE);
        args.addAll(List.of(options));
        serve = RunningServe.start(commandLine(), args, TIMEOUT, err::toString);
        return serve.port();
    }

    private AudioPipeline local(Decode decode) {
        return AudioPipeline.from(Sources.directory(corpus).labelsFromParentFolder(true).scan()).decode(decode)
                .conform(16_000, ChannelPolicy.mono()).frames(2000).shuffle(16).initialFill(16).batch(4);
    }

    private static AudioClient.Builder client(int port) {
        return AudioClient.builder("127.0.0.1", port);
    }

    private static List<Long> fingerprints(AudioClient client) {
        return client.batches().map(batch -> {
            try (batch) {
                return fingerprint(batch.data(), batch.labels(), batch.indices());
            }
        }).collectList().block(TIMEOUT);
    }

    private static List<Long> fingerprints(AudioPipeline pipeline) {
        return pipeline.flux().map(batch -> {
            try (Batch b = batch) {
                return fingerprint(b.bytes(), b.labels(), b.sourceIndices());
            }
        }).collectList().block(TIMEOUT);
    }

    private static long fingerprint(ByteBuffer samples, int[] labels, long[] indices) {
        CRC32C crc = new CRC32C();
        crc.update(samples);
        for (int label : labels) {
            crc.update(label);
        }
        for (long index : indices) {
            crc.update((int) index);
        }
        return crc.getValue();
    }

    private static float[] floats(FloatBuffer buffer) {
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private int run(String... args) {
        return commandLine().execute(args);
    }

    private CommandLine commandLine() {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }
}
