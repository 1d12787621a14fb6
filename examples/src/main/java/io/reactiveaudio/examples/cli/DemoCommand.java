package io.reactiveaudio.examples.cli;

import io.reactiveaudio.pipeline.AudioChunk;
import io.reactiveaudio.pipeline.Decode;
import io.reactiveaudio.pipeline.DecodeReport;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code reactive-audio demo}: the main job on a corpus: list a labelled folder, decode every file
 * in order with the reactive decode operator (skip-and-report), and summarise. Without
 * {@code --dir} it runs on the built-in demo corpus (a few small MP3/WAV files, one truncated on
 * purpose), extracted to a temporary folder.
 */
@Command(name = "demo", description = "Decodes a labelled corpus (default: the built-in demo corpus) through the "
        + "reactive pipeline and prints what each file gave and what was reported.")
final class DemoCommand implements Callable<Integer> {

    private static final String CORPUS = "/demo-corpus/";

    @Option(names = "--dir", paramLabel = "DIR", description = "A corpus folder whose sub-folder names are labels.")
    Path dir;

    @Option(names = "--concurrency", paramLabel = "N", description = "Files decoded at once (default: cores).")
    Integer concurrency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (dir != null) {
            return run(dir);
        }
        Path extracted = extractDemoCorpus();
        try {
            return run(extracted);
        } finally {
            deleteTree(extracted);
        }
    }

    private int run(Path root) {
        PrintWriter out = spec.commandLine().getOut();
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
        return 0;
    }

    private static String line(AudioChunk last, long frames, Path root) {
        return String.format(Locale.ROOT, "%4d  %-8s %-28s %-4s %6d Hz %d ch %9d frames %7.3f s",
                last.source().index(), last.source().label(), root.relativize(last.source().path()),
                last.info().codec().id(), last.sampleRate(), last.channels(), frames,
                (double) frames / last.sampleRate());
    }

    /** Copies the corpus listed in {@code demo-corpus/index.txt} out of the jar into a temporary folder. */
    static Path extractDemoCorpus() throws IOException {
        Path root = Files.createTempDirectory("reactive-audio-demo");
        for (String name : resourceLines(CORPUS + "index.txt")) {
            Path target = root.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = DemoCommand.class.getResourceAsStream(CORPUS + name)) {
                if (in == null) {
                    throw new IOException("demo corpus file missing from the jar: " + name);
                }
                Files.copy(in, target);
            }
        }
        return root;
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> resourceLines(String resource) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
