package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The pipeline options {@code bench} and {@code serve} share: one declaration, one reading, one pipeline. */
class PipelineOptionsTest {

    private final StringWriter err = new StringWriter();

    @Test
    void benchAndServeOfferTheSameOptionsWithTheSameHelpAndDefaults() {
        CommandLine cli = ReactiveAudioCli.commandLine();
        CommandSpec bench = cli.getSubcommands().get("bench").getCommandSpec();
        CommandSpec serve = cli.getSubcommands().get("serve").getCommandSpec();

        List<OptionSpec> declared = CommandSpec.forAnnotatedObject(new PipelineOptions()).options();
        assertFalse(declared.isEmpty());
        for (OptionSpec option : declared) {
            for (CommandSpec command : List.of(bench, serve)) {
                OptionSpec offered = command.findOption(option.longestName());
                assertNotNull(offered, option.longestName() + " in " + command.name());
                assertArrayEquals(option.description(), offered.description(), option.longestName());
                assertEquals(option.defaultValue(), offered.defaultValue(), option.longestName());
            }
        }
    }

    @Test
    void segmentBatchAndWindowDefaultSmallerOnTheDemoCorpusUnlessGiven() {
        PipelineOptions defaults = parse("bench");
        assertEquals(4096, defaults.frame(true));
        assertEquals(196_608, defaults.frame(false));
        assertEquals(8, defaults.batch(true));
        assertEquals(32, defaults.batch(false));
        assertEquals(64, defaults.buffer(true));
        assertEquals(1000, defaults.buffer(false));

        PipelineOptions given = parse("serve", "--frame", "2000", "--batch", "4", "--buffer", "16");
        for (boolean demo : new boolean[] {true, false}) {
            assertEquals(2000, given.frame(demo));
            assertEquals(4, given.batch(demo));
            assertEquals(16, given.buffer(demo));
        }
    }

    @Test
    void theCacheIsMadeOnlyWithACacheDirectory(@TempDir Path dir) {
        assertNull(parse("bench", "--cache-format", "int16").cache(), "--cache-format alone is not read");
        assertNull(parse("bench", "--cache-format", "neither").cache(), "nor checked");

        PipelineOptions options = parse("bench", "--cache", dir.toString(), "--cache-format", "int16");
        assertNotNull(options.cache());
        assertEquals(dir, options.cacheDir());
    }

    @Test
    void batchesCutsShufflesAndPacksAsTheOptionsSay() throws IOException {
        Path corpus = DemoCorpus.extract();
        try {
            AudioPipeline decoded = AudioPipeline.from(Sources.directory(corpus).scan()).decode(Decode.defaults())
                    .conform(16_000, ChannelPolicy.mono());
            PipelineOptions options = parse("bench", "--frame", "2000", "--batch", "4", "--buffer", "16",
                    "--layout", "bct");

            AudioPipeline built = options.batches(decoded, true, null).seed(3).epochs(1);

            AudioPipeline written = decoded.frames(2000).shuffle(16).batch(4).layout(Layout.BCT).seed(3).epochs(1);
            assertEquals(fingerprints(written), fingerprints(built));
            try (Batch first = built.flux().blockFirst(Duration.ofSeconds(60))) {
                assertEquals(Layout.BCT, first.layout());
                assertArrayEquals(new int[] {4, 1, 2000}, first.shape());
            }
        } finally {
            DemoCorpus.delete(corpus);
        }
    }

    @Test
    void anUnknownLayoutOrCacheFormatIsAUsageErrorNamingTheOption(@TempDir Path dir) {
        assertEquals(2, run("bench", "--layout", "tbc"));
        assertTrue(err.toString().contains("--layout: unknown value tbc"), err.toString());
        assertEquals(2, run("serve", "--port", "0", "--layout", "tbc"));
        assertTrue(err.toString().contains("--layout: unknown value tbc"), err.toString());

        assertEquals(2, run("bench", "--cache", dir.toString(), "--cache-format", "float16"));
        assertTrue(err.toString().contains("--cache-format: unknown value float16"), err.toString());
        assertEquals(2, run("serve", "--port", "0", "--cache", dir.toString(), "--cache-format", "float16"));
        assertTrue(err.toString().contains("--cache-format: unknown value float16"), err.toString());
    }

    /** The pipeline options of the command line {@code args}, whose first is {@code bench} or {@code serve}. */
    private static PipelineOptions parse(String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.parseArgs(args);
        Object parsed = cli.getSubcommands().get(args[0]).getCommand();
        return parsed instanceof BenchCommand bench ? bench.options : ((ServeCommand) parsed).options;
    }

    /** Runs the command line {@code args}; fails rather than hang if it does not return (a serve that bound). */
    private int run(String... args) {
        err.getBuffer().setLength(0);
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.execute(args));
    }

    private static List<Long> fingerprints(AudioPipeline pipeline) {
        return pipeline.flux().map(batch -> {
            try (Batch b = batch) {
                CRC32C crc = new CRC32C();
                crc.update(b.bytes());
                return crc.getValue();
            }
        }).collectList().block(Duration.ofSeconds(60));
    }
}
