package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed} writes one row of the model's output per segment of every file, and an index that
 * names each row's file and segment: with the energy model (mean of the squared
 * samples over the window), each row equals the segment's energy computed here.
 */
class EmbedCommandTest {

    private static final int RATE = 16_000;
    private static final int FRAME = 4_000;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void embedWritesOneRowPerSegmentAndAnIndexThatNamesIt(@TempDir Path dir) throws IOException, URISyntaxException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Map<String, float[]> samples = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            float[] audio = Signals.noise(i, RATE, 1, 2 * FRAME + 1_000 * i + 500, 0.2 + 0.2 * i);
            samples.put("f" + i + ".wav", audio);
            WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(corpus.resolve("f" + i + ".wav"), audio, 1, RATE);
        }
        Path npy = dir.resolve("emb.npy");
        Path model = Path.of(EmbedCommandTest.class.getResource("/models/energy.onnx").toURI());

        assertEquals(0, run("embed", corpus.toString(), "--model", model.toString(), "--out", npy.toString(),
                "--features", "none", "--frame", String.valueOf(FRAME), "--batch", "2", "--sessions", "2"), err.toString());

        List<String> index = Files.readAllLines(dir.resolve("emb.index.csv"), StandardCharsets.UTF_8);
        assertEquals("row,path,source_index,segment,label", index.get(0));
        assertEquals(9, index.size() - 1, "3 segments per file, the last one padded: " + index);
        float[] rows = npy(npy, index.size() - 1);
        for (int row = 0; row < index.size() - 1; row++) {
            String[] fields = index.get(row + 1).split(",");
            assertEquals(String.valueOf(row), fields[0]);
            float[] audio = samples.get(fields[1]);
            int segment = Integer.parseInt(fields[3]);
            int frames = Math.min(FRAME, audio.length - segment * FRAME);
            double energy = 0;
            for (int t = 0; t < frames; t++) {
                energy += (double) audio[segment * FRAME + t] * audio[segment * FRAME + t];
            }
            energy /= FRAME;
            assertEquals(energy, rows[row], 1e-5 * energy, index.get(row + 1));
        }
        assertTrue(out.toString().startsWith("9 rows of 1 floats -> " + npy), out.toString());
        assertTrue(out.toString().contains("3 files"), out.toString());
    }

    @Test
    void embedRefusesAnOutputTheModelDoesNotHave(@TempDir Path dir) throws IOException, URISyntaxException {
        WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(dir.resolve("a.wav"),
                Signals.noise(1, RATE, 1, FRAME, 0.3), 1, RATE);
        Path model = Path.of(EmbedCommandTest.class.getResource("/models/energy.onnx").toURI());

        assertEquals(1, run("embed", dir.toString(), "--model", model.toString(), "--out",
                dir.resolve("e.npy").toString(), "--output", "embedding", "--features", "none"));

        assertTrue(err.toString().contains("no output named 'embedding'"), err.toString());
    }

    /** The .npy's header says (rows, 1) float32; its values. */
    private static float[] npy(Path file, int rows) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 10, bytes.length - 10 - rows * 4, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (" + rows + ", 1)"), header);
        float[] values = new float[rows];
        ByteBuffer.wrap(bytes, bytes.length - rows * 4, rows * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(values);
        return values;
    }

    private int run(String... args) {
        picocli.CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
