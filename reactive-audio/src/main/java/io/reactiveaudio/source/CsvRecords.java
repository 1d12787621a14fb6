package io.reactiveaudio.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records per RFC 4180: fields separated by commas; a field in double quotes
 * may hold commas, line breaks and quotes written twice ({@code "say ""hi"", twice"}).
 *
 * <p>Beyond the RFC: lines that are blank or start with '#' (after spaces) are skipped, and
 * spaces and tabs around a field are dropped unless they are inside quotes. A quote inside an
 * unquoted field, text after a closing quote and a quote left open at the end of the file are
 * errors. A line break inside quotes is read as LF. Blocking; not thread-safe.
 */
final class CsvRecords {

    private final ManifestLines lines;
    private long line;

    CsvRecords(ManifestLines lines) {
        this.lines = lines;
    }

    /** The line the record last returned by {@link #next()} starts on. */
    long line() {
        return line;
    }

    /**
     * The fields of the next record, or null at the end of the file.
     *
     * @throws ManifestException naming the line of a malformed field
     */
    List<String> next() throws IOException {
        String text;
        do {
            text = lines.next();
            if (text == null) {
                return null;
            }
        } while (ManifestLines.isBlankOrComment(text));
        line = lines.number();
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipBlanks(text, i);
            if (i < text.length() && text.charAt(i) == '"') {
                long openLine = lines.number();
                int openColumn = i + 1;
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i == text.length()) {
                        text = lines.next();
                        if (text == null) {
                            throw error(openLine, "unterminated quoted field: the quote at column " + openColumn
                                    + " is not closed before the end of the file");
                        }
                        field.append('\n');
                        i = 0;
                    } else if (text.charAt(i) != '"') {
                        field.append(text.charAt(i++));
                    } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                }
                i = skipBlanks(text, i);
                if (i < text.length() && text.charAt(i) != ',') {
                    throw error(lines.number(), "unexpected '" + text.charAt(i) + "' after a closing quote at column "
                            + (i + 1) + "; expected a comma or the end of the line");
                }
                fields.add(field.toString());
            } else {
                int start = i;
                while (i < text.length() && text.charAt(i) != ',') {
                    if (text.charAt(i) == '"') {
                        throw error(lines.number(), "quote inside an unquoted field at column " + (i + 1)
                                + "; quote the whole field and write the quote twice");
                    }
                    i++;
                }
                int end = i;
                while (end > start && isBlank(text.charAt(end - 1))) {
                    end--;
                }
                fields.add(text.substring(start, end));
            }
            if (i == text.length()) {
                return fields;
            }
            i++;
        }
    }

    private ManifestException error(long number, String reason) {
        return new ManifestException(lines.file(), number, reason);
    }

    private static int skipBlanks(String text, int i) {
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
