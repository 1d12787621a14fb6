package io.reactiveaudio.examples.cli;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reactive-audio demo}: the main job on a corpus: list a labelled folder, decode every file
 * in order with the reactive decode operator (skip-and-report), and summarise. Without
 * {@code --dir} it runs on the built-in demo corpus (a few small MP3/WAV files, one truncated on
 * purpose), extracted to a temporary folder.
 */
@Command(name = "demo", description = "Decodes a labelled corpus (default: the built-in demo corpus) through the "
        + "reactive pipeline and prints what each file gave and what was reported.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "A corpus folder whose sub-folder names are labels.")
    Path dir;

    @Option(names = "--concurrency", paramLabel = "N", description = "Files decoded at once (default: cores).")
    Integer concurrency;

    @Option(names = "--json", description = "Print one JSON line of totals instead of text: files, labels, decoded "
            + "and problem files, frames, seconds of audio and of wall time, and each problem.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return DemoCorpus.runOn(dir, this::run);
    }

    private int run(Path root) {
        PrintWriter out = json ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getOut();
        SourceSet corpus = Sources.directory(root).labelsFromParentFolder(true).scan();
        out.printf(Locale.ROOT, "corpus %s: %d files, labels %s%n", root, corpus.size(), corpus.labels().names());

        DecodeReport report = new DecodeReport();
        Decode decode = Decode.defaults().report(report);
        if (concurrency != null) {
            decode = decode.concurrency(concurrency);
        }
        Map<Long, Long> frames = new HashMap<>();
        long start = System.nanoTime();
        double[] audioSeconds = {0};
        corpus.flux().transform(decode)
                .doOnNext(chunk -> {
                    long total = frames.merge(chunk.source().index(), (long) chunk.frames(), Long::sum);
                    if (chunk.last()) {
                        audioSeconds[0] += (double) total / chunk.sampleRate();
                        out.println(line(chunk, total, root));
                    }
                })
                .blockLast(Duration.ofHours(24));
        double wall = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%s%n%.1f s of audio in %.2f s (%.0fx real time)%n", report, audioSeconds[0], wall,
                audioSeconds[0] / wall);
        report.problems().forEach(p -> out.println("  problem: " + p.getMessage()));
        out.flush();
        if (json) {
            spec.commandLine().getOut().println(JsonLine.of(g -> {
                g.writeStringField("corpus", root.toString());
                g.writeNumberField("files", corpus.size());
                g.writeArrayFieldStart("labels");
                for (String label : corpus.labels().names()) {
                    g.writeString(label);
                }
                g.writeEndArray();
                g.writeNumberField("decoded_files", report.completedFiles());
                g.writeNumberField("problem_files", report.problemFiles());
                g.writeNumberField("frames", report.frames());
                g.writeNumberField("audio_s", audioSeconds[0]);
                g.writeNumberField("wall_s", wall);
                g.writeArrayFieldStart("problems");
                for (var problem : report.problems()) {
                    g.writeString(problem.getMessage());
                }
                g.writeEndArray();
            }));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static String line(AudioChunk last, long frames, Path root) {
        return String.format(Locale.ROOT, "%4d  %-8s %-28s %-4s %6d Hz %d ch %9d frames %7.3f s",
                last.source().index(), last.source().label(), root.relativize(last.source().path()),
                last.info().codec().id(), last.sampleRate(), last.channels(), frames,
                (double) frames / last.sampleRate());
    }
}
