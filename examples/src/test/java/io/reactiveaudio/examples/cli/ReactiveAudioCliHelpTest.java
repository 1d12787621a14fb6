package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command of {@code reactive-audio}, whichever are registered, answers {@code --help} with its
 * usage and {@code --version} with the version, and exits 0.
 */
class ReactiveAudioCliHelpTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The subcommands as the top command registers them. */
    static Set<String> subcommands() {
        return ReactiveAudioCli.commandLine().getSubcommands().keySet();
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandAnswersHelpWithItsOwnUsage(String name) {
        assertEquals(0, run(name, "--help"), err.toString());

        assertTrue(out.toString().startsWith("Usage: reactive-audio " + name + " "), out.toString());
        assertTrue(out.toString().contains("-h, --help"), out.toString());
        assertEquals("", err.toString());
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandAnswersVersionWithTheCommandLinesVersion(String name) {
        assertEquals(0, run(name, "--version"), err.toString());

        assertEquals(VersionProvider.VERSION, out.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void benchHelpListsThePipelineOptionsWithTheirDefaults() {
        assertEquals(0, run("bench", "--help"), err.toString());

        String usage = out.toString();
        assertTrue(usage.startsWith("Usage: reactive-audio bench [-hV]"), usage);
        assertTrue(usage.contains("--batch=B              Segments per batch (default 32;"), usage);
        assertTrue(usage.contains("--frame=F              Segment length in frames (default 196608;"), usage);
        assertTrue(usage.contains("--cache-max=BYTES      Bound of the cache directory"), usage);
        assertTrue(usage.contains("--decode-threads=N|auto"), usage);
        assertTrue(usage.contains("--decoder=auto|jlayer|ffmpeg"), usage);
    }

    @Test
    void theTopCommandListsEverySubcommandInItsHelp() {
        assertEquals(0, run("--help"));

        for (String name : subcommands()) {
            assertTrue(out.toString().contains("  " + name + " "), name + " in " + out);
        }
    }

    private int run(String... args) {
        CommandLine cli = ReactiveAudioCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
