package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.examples.DemoCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What people expect of every command of {@code reactive-audio}, whichever are registered (so a
 * command added later is checked too): {@code --json} on every command that reports; a progress bar
 * with rate and ETA that {@code --progress}/{@code --no-progress} turn on and off and that is off by
 * default without a terminal; errors on one line naming the file or option and the fix; a shell
 * completion script; {@code --version} naming the FFmpeg natives found.
 */
class CliConventionsTest {

    /** Commands that write files or serve until stopped, and print no report to make machine-readable. */
    private static final Set<String> NO_REPORT = Set.of("spectrogram", "features", "augment", "serve",
            "generate-completion");
    /** Commands whose report is JSON lines always. */
    private static final Set<String> ALWAYS_JSON = Set.of("probe");
    /** Commands that run long, with a progress bar. */
    private static final Set<String> LONG = Set.of("bench", "decode", "embed", "pack");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static Set<String> subcommands() {
        return ReactiveAudioCliHelpTest.subcommands();
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everyCommandThatReportsHasJson(String name) {
        CommandSpec spec = ReactiveAudioCli.commandLine().getSubcommands().get(name).getCommandSpec();

        if (!NO_REPORT.contains(name) && !ALWAYS_JSON.contains(name)) {
            OptionSpec json = spec.findOption("--json");
            assertTrue(json != null, name + " reports, so it needs --json (or a place in NO_REPORT, with a reason)");
            assertTrue(json.description().length > 0 && !json.description()[0].isBlank(), name + " --json is described");
        }
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void theLongCommandsTakeProgressAndNoProgress(String name) {
        CommandSpec spec = ReactiveAudioCli.commandLine().getSubcommands().get(name).getCommandSpec();

        assertEquals(LONG.contains(name), spec.findOption("--progress") != null, name);
        if (LONG.contains(name)) {
            assertEquals(0, run(name, "--help"));
            assertTrue(out.toString().contains("--[no-]progress"), out.toString());
        }
    }

    @Test
    void benchDrawsItsBarWithRateAndEtaOnStandardErrorWhenAsked() {
        assertEquals(0, run("bench", "--warmup", "1", "--batches", "3", "--json", "--progress"), err.toString());

        String bar = err.toString();
        assertTrue(bar.startsWith("\rbench [") && bar.endsWith(System.lineSeparator()), bar);
        assertTrue(bar.matches("(?s).*\\] 4/4 [0-9.]+ batches/s ETA 0:00 timed\\s*"), bar);
        assertTrue(out.toString().startsWith("{\"corpus\":"), "the JSON line alone on standard output: " + out);
    }

    @Test
    void withNoProgressOrWithoutATerminalThereIsNoBar() {
        assertEquals(0, run("bench", "--warmup", "1", "--batches", "2", "--json", "--no-progress"), err.toString());
        assertEquals("", err.toString());
        assertEquals(0, run("bench", "--warmup", "1", "--batches", "2", "--json"), err.toString());
        assertEquals(System.console() == null ? "" : err.toString(), err.toString(), "no bar without a terminal");
    }

    @Test
    void decodeShowsTheFramesDecoded() throws IOException {
        Path corpus = DemoCorpus.extract();
        try {
            Path file = corpus.resolve("music/01-cbr128.mp3");
            assertEquals(0, run("decode", file.toString(), "--json", "--progress"), err.toString());
        } finally {
            DemoCorpus.delete(corpus);
        }

        assertTrue(err.toString().matches("(?s)\rdecode \\[.*\\] 17640/17640 [0-9.]+ frames/s ETA 0:00 01-cbr128.mp3\\s*"),
                err.toString());
        assertTrue(out.toString().startsWith("{\"path\":"), out.toString());
    }

    @Test
    void demoAndTrainDemoReportOneJsonLine() {
        assertEquals(0, run("demo", "--json"), err.toString());
        String demo = out.toString().strip();
        assertEquals(1, demo.lines().count(), demo);
        assertTrue(demo.matches("\\{\"corpus\":.*\"files\":\\d+,\"labels\":\\[.*],\"decoded_files\":\\d+,"
                + "\"problem_files\":1,.*\"problems\":\\[\".*truncated.*\"]}"), demo);

        out.getBuffer().setLength(0);
        assertEquals(0, run("train-demo", "--steps", "3", "--json"), err.toString());
        assertTrue(out.toString().strip().matches("\\{\"steps\":3,\"batches_made\":\\d+,\"unreleased\":0,\"wall_s\":.*}"),
                out.toString());
    }

    @Test
    void aMissingFileIsOneLineNamingItAndTheFix(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("nowhere.mp3");

        assertEquals(1, run("decode", missing.toString(), "--json"));

        assertEquals("reactive-audio: " + missing + ": unreadable: no such file; check the path", err.toString().strip());
    }

    @Test
    void aWrongOptionIsOneLineNamingItAndPointingToHelp() {
        assertEquals(2, run("bench", "--batchez", "3"));

        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("reactive-audio bench: Unknown option: '--batchez'"), line);
        assertTrue(line.endsWith("; see reactive-audio bench --help"), line);
    }

    @Test
    void generateCompletionWritesABashScriptCompletingEveryCommand() {
        assertEquals(0, run("generate-completion"), err.toString());

        String script = out.toString();
        assertTrue(script.contains("complete -F _complete_reactive-audio"), script.lines().limit(20).toList().toString());
        for (String name : subcommands()) {
            assertTrue(script.contains(name), name);
        }
        assertTrue(script.contains("--progress"), "options too");
    }

    @Test
    void versionNamesTheDecoderBackendsAndTheFfmpegNativesFound() {
        assertEquals(0, run("--version"), err.toString());

        String version = out.toString();
        assertTrue(version.startsWith(VersionProvider.VERSION + System.lineSeparator()), version);
        assertTrue(version.contains("decoders: " + String.join(", ", AudioDecoders.backends())), version);
        if (AudioDecoders.backends().contains("ffmpeg")) {
            assertTrue(version.matches("(?s).*FFmpeg natives: \\d+\\.\\d+\\S* for \\S+ \\(libavcodec \\d+\\.\\d+\\.\\d+\\).*"),
                    version);
        } else {
            assertTrue(version.contains("FFmpeg natives: none load for "), version);
        }
        assertFalse(version.contains("Exception"), version);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
