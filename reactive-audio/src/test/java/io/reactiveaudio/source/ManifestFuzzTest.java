package io.reactiveaudio.source;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.test.Watchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz targets of the manifest readers, CSV and JSON Lines, through
 * {@link Sources#manifest} (docs/reliability.md, "Fuzzing"): any bytes give a source set or a
 * {@link ManifestException} naming a line, nothing else, within the watchdog's time and an
 * allocation bounded by the input.
 */
class ManifestFuzzTest {

    private static final Path DIR = temporaryFolder();
    private static final Path CSV = deletedOnExit(DIR.resolve("manifest.csv"));
    private static final Path JSON_LINES = deletedOnExit(DIR.resolve("manifest.jsonl"));

    @FuzzTest
    void csv(byte[] bytes) {
        read(CSV, bytes);
    }

    @FuzzTest
    void jsonLines(byte[] bytes) {
        read(JSON_LINES, bytes);
    }

    private static void read(Path manifest, byte[] bytes) {
        write(manifest, bytes);
        Watchdog.run(bytes.length, () -> {
            try {
                SourceSet sources = Sources.manifest(manifest);
                if (sources.size() > bytes.length) {
                    throw new AssertionError(sources.size() + " sources from " + bytes.length + " bytes");
                }
            } catch (ManifestException expected) {
                // a line that cannot be read as an item: the typed outcome
            }
        });
    }

    private static void write(Path manifest, byte[] bytes) {
        try {
            Files.write(manifest, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path deletedOnExit(Path file) {
        file.toFile().deleteOnExit();
        return file;
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("manifest-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
