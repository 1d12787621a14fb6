package io.reactiveaudio.examples.net;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the external programs of the loopback benchmark. Stateless and thread-safe. */
final class Commands {

    private Commands() {
    }

    /** Whether {@code program} is an executable file on {@code PATH}. */
    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} to its end and returns its standard output; its standard error goes to
     * this process's.
     *
     * @throws IOException if it cannot start, exits with a status other than 0 or outlives {@code timeout}
     */
    static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command.get(0) + " did not end within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue());
            }
            return text;
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The number after {@code "key":} in {@code json} (the first such key), as the benchmark's
     * programs print it.
     *
     * @throws IOException if there is none
     */
    static double jsonNumber(String json, String key) throws IOException {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*([-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            throw new IOException("no number \"" + key + "\" in " + json);
        }
        return Double.parseDouble(m.group(1));
    }
}
