package io.reactiveaudio.examples.cli;

import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.examples.training.TrainingLoopExample;
import io.reactiveaudio.examples.training.TrainingLoopExample.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reactive-audio train-demo [DIR]}: the {@link TrainingLoopExample} training loop (take a
 * batch, use it, release it) for a number of steps; exits with 1 if a batch was not released.
 */
@Command(name = "train-demo", description = "Runs a toy training loop over DIR (default: the built-in demo corpus, "
        + "with small frames and batches): takes each batch, computes its RMS per item, releases it.")
final class TrainDemoCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Corpus folder whose sub-folder names are labels.")
    Path dir;

    @Option(names = "--steps", paramLabel = "N", description = "Batches to train on (default 50).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "Segments per batch (default 32; 8 on the demo corpus).")
    Integer batch;

    @Option(names = "--frame", paramLabel = "F", description = "Segment length in frames at 16 kHz "
            + "(default 32000; 2048 on the demo corpus).")
    Integer frame;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default 0).")
    Long seed;

    @Option(names = "--json", description = "Print one JSON line instead of text: steps, batches made, batches not "
            + "released, wall seconds.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Settings defaults = Settings.defaults(dir == null);
        Settings settings = new Settings(steps != null ? steps : defaults.steps(),
                batch != null ? batch : defaults.batch(), frame != null ? frame : defaults.frame(),
                seed != null ? seed : defaults.seed());
        PrintWriter out = json ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getOut();
        return DemoCorpus.runOn(dir, root -> {
            long start = System.nanoTime();
            TrainingLoopExample.Result result = TrainingLoopExample.train(root, settings, out);
            if (json) {
                spec.commandLine().getOut().println(JsonLine.of(g -> {
                    g.writeNumberField("steps", result.steps());
                    g.writeNumberField("batches_made", result.batchesMade());
                    g.writeNumberField("unreleased", result.unreleased());
                    g.writeNumberField("wall_s", (System.nanoTime() - start) / 1e9);
                }));
                spec.commandLine().getOut().flush();
            }
            return result.unreleased() == 0 ? 0 : 1;
        });
    }
}
