package io.reactiveaudio.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a manifest file in the format its extension names. Blocking; stateless. */
final class ManifestReader {

    private ManifestReader() {
    }

    /** See {@link Sources#manifest(Path)}. */
    static SourceSet read(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        boolean csv = lower.endsWith(".csv");
        if (!csv && !lower.endsWith(".jsonl") && !lower.endsWith(".ndjson")) {
            throw new IllegalArgumentException("manifest " + file
                    + " must end with .csv, .jsonl or .ndjson to tell its format");
        }
        ManifestRows rows = new ManifestRows(file);
        try (ManifestLines lines = new ManifestLines(file)) {
            if (csv) {
                CsvManifest.read(lines, rows);
            } else {
                JsonLinesManifest.read(lines, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + file + ": " + FileErrors.reason(e), e);
        }
        return rows.toSourceSet();
    }
}
