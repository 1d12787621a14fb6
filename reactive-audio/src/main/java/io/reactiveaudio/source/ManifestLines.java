package io.reactiveaudio.source;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of a UTF-8 text file with their 1-based numbers: ends of line are LF or CRLF, a byte
 * order mark at the start is dropped, and a line that is not valid UTF-8 fails with a
 * {@link ManifestException} naming it. Blocking; not thread-safe.
 */
final class ManifestLines implements Closeable {

    private final Path file;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    private byte[] bytes = new byte[256];
    private long number;

    ManifestLines(Path file) throws IOException {
        this.file = file;
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** The file being read. */
    Path file() {
        return file;
    }

    /** The number of the line last returned by {@link #next()} (0 before the first). */
    long number() {
        return number;
    }

    /** The next line without its end of line, or null at the end of the file. */
    String next() throws IOException {
        int length = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
        }
        if (b == -1 && length == 0) {
            return null;
        }
        number++;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        String line;
        try {
            line = decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(file, number, "not valid UTF-8", e);
        }
        return number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Whether a line holds only spaces and tabs, or starts with '#' after them. */
    static boolean isBlankOrComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '#';
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
