package io.reactiveaudio.netty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The two Python environments the Python client's tests run in, each a virtual environment under
 * {@code target/python} that {@code python/setup-venv.sh} makes once and into which it installs
 * the package {@code reactive-audio-client} ({@code python/}) with pip, without the network, on
 * every {@link #prepare}: so each run tests the current source, installed as users install it.
 */
enum PythonEnvironment {

    /**
     * Debian's {@code /usr/bin/python3} with Debian's {@code python3-numpy} (and {@code python3-torch}
     * when installed): a venv that sees the system's packages. Skipped where that python or numpy
     * is missing.
     */
    DEBIAN("debian", List.of("--debian"),
            "import numpy; assert numpy.__file__.startswith('/usr/lib/python3/'), numpy.__file__"),

    /**
     * Current libraries: numpy 2.x, torch 2.x (CPU) and the safetensors library from the wheels on
     * the machine image. Skipped, with the script's reason, on a machine that has none of those
     * wheel directories (the script's exit status 3); any other failure to make it fails the test.
     */
    CURRENT("current", List.of(),
            "import numpy, torch, safetensors; assert numpy.__version__.startswith('2.') "
                    + "and torch.__version__.startswith('2.'), (numpy.__version__, torch.__version__)");

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path PACKAGE = REPOSITORY.resolve("python");
    static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
    private static final Path VENVS = Path.of("target/python").toAbsolutePath();
    private static final int NO_WHEELS = 3;

    private final String directory;
    private final List<String> setupOptions;
    private final String libraryCheck;

    PythonEnvironment(String directory, List<String> setupOptions, String libraryCheck) {
        this.directory = directory;
        this.setupOptions = setupOptions;
        this.libraryCheck = libraryCheck;
    }

    /**
     * Makes this environment if needed, installs the package from {@code python/} into it, and
     * checks that it imports the installed package and the libraries this environment stands
     * for. Blocks for up to 20 minutes (the first time, pip unpacks torch).
     *
     * @return the environment's python interpreter
     */
    Path prepare(Path workDirectory) throws IOException, InterruptedException {
        if (this == DEBIAN) {
            assumeDebianPythonWithNumpy(workDirectory);
        }
        Path venv = VENVS.resolve(directory);
        List<String> setup = new ArrayList<>(List.of("bash", PACKAGE.resolve("setup-venv.sh").toString()));
        setup.addAll(setupOptions);
        setup.add(venv.toString());
        Result made = run(setup, workDirectory, Map.of(), Duration.ofMinutes(20));
        assumeTrue(made.exit() != NO_WHEELS, made.output());
        assertEquals(0, made.exit(), "python/setup-venv.sh failed: " + made.output());

        Path python = venv.resolve("bin/python");
        Result checked = run(List.of(python.toString(), "-c", libraryCheck + "; import reactive_audio; "
                + "print(reactive_audio.__file__)"), workDirectory, Map.of(), Duration.ofMinutes(2));
        assertEquals(0, checked.exit(), this + " has the libraries it stands for: " + checked.output());
        assertTrue(checked.output().startsWith(venv.toString()), "the installed package, not the source: " + checked.output());
        return python;
    }

    /** Skips the test unless {@code /usr/bin/python3} and Debian's numpy are installed. */
    static void assumeDebianPythonWithNumpy(Path workDirectory) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(DEBIAN_PYTHON), DEBIAN_PYTHON + " is not installed");
        assumeTrue(run(List.of(DEBIAN_PYTHON.toString(), "-c", "import numpy"), workDirectory, Map.of(),
                Duration.ofMinutes(1)).exit() == 0, "Debian's python3-numpy is not installed");
    }

    /** A finished process: its exit status and its standard output and error, interleaved. */
    record Result(int exit, String output) {
    }

    /** Runs {@code command} in {@code directory} with {@code env} added; fails after {@code limit}. */
    static Result run(List<String> command, Path directory, Map<String, String> env, Duration limit)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(directory, "python", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + limit + ": " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
