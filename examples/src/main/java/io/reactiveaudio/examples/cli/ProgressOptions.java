package io.reactiveaudio.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --progress}/{@code --no-progress} option of the long commands, and the
 * {@link ProgressBar} it gives them: drawn on the command's standard error with {@code --progress},
 * never with {@code --no-progress}, and by default only when the JVM has a console (standard input
 * and output are a terminal), so output piped to a file or a CI log gets no carriage returns. A
 * command adds it with {@code @Mixin ProgressOptions progress;} and asks {@link #bar} for its bar.
 */
final class ProgressOptions {

    @Option(names = "--progress", negatable = true, description = "Progress bar with rate and ETA on standard "
            + "error (default: only when standard output is a terminal; --no-progress: never).")
    Boolean progress;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * The bar for {@code total} steps of {@code unit} (e.g. {@code batches}), or a silent one.
     *
     * @throws IllegalArgumentException if {@code total} is below 1
     */
    ProgressBar bar(String label, String unit, long total) {
        boolean draw = progress != null ? progress : System.console() != null;
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1: " + total);
        }
        return draw ? ProgressBar.drawingOn(spec.commandLine().getErr(), System::nanoTime, label, unit, total)
                : ProgressBar.silent();
    }
}
