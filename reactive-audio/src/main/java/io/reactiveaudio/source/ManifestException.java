package io.reactiveaudio.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A manifest holds a line that cannot be read as an item.
 *
 * <p>The message names the file and the 1-based line, compiler style, then what is wrong:
 * {@code "data/train.csv:7: duration_s must be finite and > 0, was 0.0"}. A bad value in a CSV
 * record that spans several lines (a quoted line break) is reported on the line the record starts
 * on; an unterminated quote on the line where the quote opens. Immutable and thread-safe.
 */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String reason;

    /**
     * Creates an exception.
     *
     * @param file the manifest (never null)
     * @param line the 1-based line number
     * @param reason what is wrong, without file and line (they are added to the message)
     * @param cause the underlying exception, or null
     */
    public ManifestException(Path file, long line, String reason, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ":" + line + ": " + reason, cause);
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1: " + line);
        }
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** Same as the four-argument constructor without a cause. */
    public ManifestException(Path file, long line, String reason) {
        this(file, line, reason, null);
    }

    /** The manifest file. */
    public Path file() {
        return file;
    }

    /** The 1-based line number. */
    public long line() {
        return line;
    }

    /** What is wrong, without file and line. */
    public String reason() {
        return reason;
    }
}
