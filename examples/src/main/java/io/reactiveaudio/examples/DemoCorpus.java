package io.reactiveaudio.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in demo corpus: six small files shipped in the jar under {@code demo-corpus/}, in the
 * label folders {@code music} (three MP3s at 44.1 kHz stereo, one truncated on purpose) and
 * {@code speech} (two MP3s at 16 and 8 kHz, one WAV at 16 kHz, all mono), about 2.5 s of audio.
 */
public final class DemoCorpus {

    private static final String CORPUS = "/demo-corpus/";

    private DemoCorpus() {
    }

    /** Work done on a corpus folder. */
    @FunctionalInterface
    public interface Job<T> {
        T run(Path root) throws IOException;
    }

    /**
     * Runs {@code job} on {@code dir}, or if {@code dir} is null on the demo corpus, extracted for
     * the job and deleted after it.
     */
    public static <T> T runOn(Path dir, Job<T> job) throws IOException {
        if (dir != null) {
            return job.run(dir);
        }
        Path root = extract();
        try {
            return job.run(root);
        } finally {
            delete(root);
        }
    }

    /** Copies the corpus listed in {@code demo-corpus/index.txt} into a new temporary folder and returns it. */
    public static Path extract() throws IOException {
        Path root = Files.createTempDirectory("reactive-audio-demo");
        for (String name : resourceLines(CORPUS + "index.txt")) {
            Path target = root.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = DemoCorpus.class.getResourceAsStream(CORPUS + name)) {
                if (in == null) {
                    throw new IOException("demo corpus file missing from the jar: " + name);
                }
                Files.copy(in, target);
            }
        }
        return root;
    }

    /** Deletes {@code root} and everything below it, such as a folder {@link #extract()} made. */
    public static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> resourceLines(String resource) throws IOException {
        try (InputStream in = DemoCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
