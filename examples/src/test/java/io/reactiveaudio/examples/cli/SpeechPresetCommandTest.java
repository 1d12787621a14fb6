package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.netty.client.AudioClient;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --preset speech-logmel} on {@code serve} and {@code bench}: the served features of every
 * window are what the offline {@code features} command computes for that clip with the same
 * settings, the options given beside the preset override it and reach the Python client, and options
 * the preset has no setting for are refused.
 */
class SpeechPresetCommandTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Clips of exactly one window: 0.5 s at 16 kHz, mono, so the windows are the clips themselves. */
    private static final int CLIP = 8_000;
    private static final int CLIPS = 4;
    private static final List<String> PRESET = List.of("--preset", "speech-logmel", "--frame", "8000", "--batch", "2",
            "--buffer", "4", "--n-mels", "64", "--whisper-scale", "true");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path corpus;
    private RunningServe serve;

    @BeforeEach
    void writeClips() throws IOException {
        corpus = dir.resolve("corpus");
        Files.createDirectories(corpus.resolve("speaker"));
        for (int i = 0; i < CLIPS; i++) {
            float[] clip = Signals.mix(Signals.chirp(16_000, 1, CLIP, 200 + 300 * i, 6_000, 0.4),
                    Signals.noise(i, 16_000, 1, CLIP, 0.02));
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(clip(i), clip, 1, 16_000);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void servedPresetFeaturesAreTheFeaturesCommandsOfEachClip() throws Exception {
        int port = serve("--epochs", "1");
        int frames = 1 + CLIP / 160;
        int matrix = 64 * frames;
        int items = 0;
        for (Served batch : served(port)) {
            assertArrayEquals(new long[] {2, 64, frames}, batch.shape());
            for (int item = 0; item < batch.indices().length; item++) {
                Path npy = dir.resolve("clip" + batch.indices()[item] + ".npy");
                assertEquals(0, run("features", clip((int) batch.indices()[item]).toString(), "--kind", "logmel",
                        "--n-fft", "400", "--hop-length", "160", "--n-mels", "64", "--whisper-scale", "true",
                        "--out", npy.toString()), err.toString());
                assertArrayEquals(npyFloats(npy, matrix),
                        Arrays.copyOfRange(batch.values(), item * matrix, (item + 1) * matrix),
                        "clip " + batch.indices()[item]);
                items++;
            }
        }
        assertEquals(CLIPS, items);
        assertTrue(out.toString().contains("16000 Hz mono"), out.toString());
        assertTrue(out.toString().contains("n_mels=64, whisper_scale"), out.toString());
    }

    @Test
    void thePresetsOptionsRoundTripToThePythonClient() throws Exception {
        int port = serve();
        List<Served> java = served(port);
        Path raw = dir.resolve("python.f32");
        String script = String.join("\n",
                "import json, sys",
                "sys.path.insert(0, 'python')",
                "import reactive_audio_client as rac",
                "c = rac.Client('127.0.0.1:%s' % sys.argv[1], seed=7, epochs=1)",
                "with open(sys.argv[2], 'wb') as f:",
                "    for b in c:",
                "        f.write(b['features'].astype('<f4').tobytes())",
                "        print(json.dumps({'shape': list(b['features'].shape), 'rate': b.metadata['sample_rate'],",
                "                          'kind': b.metadata['kind'], 'indices': b['indices'].tolist()}))",
                "c.close()");
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, Integer.toString(port), raw.toString())
                .redirectErrorStream(true).start();
        String printed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), printed);
        assertEquals(0, python.exitValue(), printed);

        String[] lines = printed.strip().split("\n");
        assertEquals(java.size(), lines.length, printed);
        ByteBuffer values = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < java.size(); n++) {
            Served batch = java.get(n);
            assertEquals("{\"shape\": " + Arrays.toString(batch.shape()) + ", \"rate\": \"16000\", \"kind\": "
                    + "\"features\", \"indices\": " + Arrays.toString(batch.indices()) + "}", lines[n]);
            float[] received = new float[batch.values().length];
            values.asFloatBuffer().get(received);
            values.position(values.position() + received.length * Float.BYTES);
            assertArrayEquals(batch.values(), received, "batch " + n);
        }
    }

    @Test
    void benchRunsThePresetAndReportsIt() {
        assertEquals(0, run(List.of("bench", corpus.toString(), "--warmup", "1", "--batches", "1", "--json"), PRESET),
                err.toString());

        assertTrue(out.toString().contains("\"preset\":\"SpeechPreset[16000 Hz mono, 0.5 s windows, n_fft=400, "
                + "hop_length=160, n_mels=64, whisper_scale, shuffle=4, batch=2]\""), out.toString());
        assertTrue(out.toString().contains("\"frame\":8000,\"batch\":2,\"buffer\":4"), out.toString());
    }

    @Test
    void benchStoresTheConformedAudioInTheCacheAndServesTheSameBatchesFromIt() {
        List<String> cached = List.of("bench", corpus.toString(), "--warmup", "1", "--batches", "1", "--json",
                "--cache", dir.resolve("cache").toString(), "--cache-conformed", "--resample-in-decoder");

        assertEquals(0, run(cached, PRESET), err.toString());
        String cold = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, run(cached, PRESET), err.toString());
        String served = out.toString();

        for (String line : List.of(cold, served)) {
            assertTrue(line.contains("\"resample_in_decoder\":true"), line);
            assertTrue(line.contains("\"cache_conformed\":true"), line);
        }
        assertTrue(!served.contains("\"cache_disk_hits\":0,"), served);
        assertEquals(field(cold, "checksum"), field(served, "checksum"));
    }

    /** The text of a string field of a JSON line. */
    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(at, json.indexOf('"', at));
    }

    @Test
    void optionsThePresetHasNoSettingForAreRefused() {
        assertEquals(2, run(List.of("serve", corpus.toString(), "--port", "0", "--mel-scale", "slaney"), PRESET));
        assertTrue(err.toString().contains("--mel-scale is not a setting of --preset speech-logmel"), err.toString());

        assertEquals(2, run("bench", corpus.toString(), "--preset", "speech"));
        assertTrue(err.toString().contains("--preset: speech-logmel, got speech"), err.toString());
    }

    /** What one served batch held. */
    private record Served(long[] shape, long[] indices, float[] values) {
    }

    /** The batches of the served stream for seed 7, read with the Java client. */
    private static List<Served> served(int port) {
        List<Served> batches = new ArrayList<>();
        AudioClient.builder("127.0.0.1", port).seed(7).epochs(1).build().batches().doOnNext(batch -> {
            try (batch) {
                assertEquals("features", batch.kind());
                assertEquals(16_000, batch.sampleRate());
                float[] values = new float[batch.floats().remaining()];
                batch.floats().get(values);
                batches.add(new Served(batch.shape(), batch.indices(), values));
            }
        }).blockLast(TIMEOUT);
        return batches;
    }

    private Path clip(int i) {
        return corpus.resolve("speaker").resolve("clip" + i + ".wav");
    }

    /** Starts {@code serve} on the clips with {@link #PRESET} and {@code options}; returns its port. */
    private int serve(String... options) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", corpus.toString(), "--port", "0"));
        args.addAll(PRESET);
        args.addAll(List.of(options));
        serve = RunningServe.start(commandLine(), args, TIMEOUT, err::toString);
        return serve.port();
    }

    /** The last {@code count} floats of a float32 {@code .npy}. */
    private static float[] npyFloats(Path npy, int count) throws IOException {
        byte[] file = Files.readAllBytes(npy);
        float[] values = new float[count];
        ByteBuffer.wrap(file, file.length - 4 * count, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(values);
        return values;
    }

    private int run(List<String> command, List<String> more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(more);
        return run(args.toArray(String[]::new));
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
