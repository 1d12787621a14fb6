package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pack} writes deterministic, verified shards that {@code bench --shards} reads like the folder. */
class PackCommandTest {

    private static final Pattern CHECKSUM = Pattern.compile("\"checksum\":\"?([0-9a-fx]+)");

    @TempDir
    Path dir;
    private StringWriter out;
    private Path folder;

    @BeforeEach
    void writeACorpus() throws IOException {
        out = new StringWriter();
        folder = dir.resolve("corpus");
        for (int i = 0; i < 10; i++) {
            Path label = Files.createDirectories(folder.resolve(i % 2 == 0 ? "even" : "odd"));
            WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16).write(label.resolve(String.format("%02d.wav", i)),
                    Signals.noise(i, 44_100, 2, 9_000 + 1_000 * i, 0.5), 2, 44_100);
        }
    }

    @Test
    void packingTwiceGivesTheSameBytesAndVerifyReadsEveryShardBack() throws IOException {
        assertEquals(0, run("pack", folder.toString(), "--out", dir.resolve("a").toString(), "--shard-size", "100K",
                "--labels-from-folders", "--verify"));
        assertEquals(0, run("pack", folder.toString(), "--out", dir.resolve("b").toString(), "--shard-size", "100K",
                "--labels-from-folders"));
        assertTrue(out.toString().contains("verified: "), out.toString());
        List<Path> shards;
        try (var files = Files.list(dir.resolve("a"))) {
            shards = files.sorted().toList();
        }
        assertTrue(shards.size() >= 4, "several shards and their indexes: " + shards);
        for (Path shard : shards) {
            assertArrayEquals(Files.readAllBytes(shard), Files.readAllBytes(dir.resolve("b").resolve(shard.getFileName())),
                    shard.getFileName().toString());
        }
    }

    @Test
    void benchOnShardsOfOneFileEachGivesTheFolderChecksum() throws IOException {
        Path shards = dir.resolve("shards");
        assertEquals(0, run("pack", folder.toString(), "--out", shards.toString(), "--shard-size", "4K"));
        String[] bench = {"--frame", "2000", "--batch", "4", "--buffer", "8", "--warmup", "1", "--batches", "4",
                "--seed", "3", "--decode-threads", "2", "--json"};
        assertEquals(0, run(concat(new String[] {"bench", folder.toString()}, bench)));
        assertEquals(0, run(concat(new String[] {"bench", "--shards", shards.toString()}, bench)));
        List<String> sums = CHECKSUM.matcher(out.toString()).results().map(m -> m.group(1)).toList();
        assertEquals(2, sums.size(), out.toString());
        assertEquals(sums.get(0), sums.get(1), "pack then bench = bench on the folder");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private int run(String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
