package io.reactiveaudio.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a CSV manifest: columns {@code path,label,offset_s,duration_s}, the last three optional.
 *
 * <p>A first record whose first field is exactly {@code path} is a header; it may name the columns
 * in another order or leave some out, and names other than those four are errors. Without header
 * the columns are positional. A record may have fewer fields than columns (the rest are empty),
 * not more. Empty values mean: no label, offset 0, to the end. Numbers are decimal
 * ({@code 1}, {@code 0.5}, {@code 2.5e-1}). Stateless.
 */
final class CsvManifest {

    private static final List<String> COLUMNS = List.of("path", "label", "offset_s", "duration_s");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvManifest() {
    }

    /** Reads every data record of {@code lines} into {@code rows}. */
    static void read(ManifestLines lines, ManifestRows rows) throws IOException {
        CsvRecords records = new CsvRecords(lines);
        List<String> fields = records.next();
        List<String> columns = COLUMNS;
        if (fields != null && fields.get(0).equals("path")) {
            columns = header(lines.file(), records.line(), fields);
            fields = records.next();
        }
        while (fields != null) {
            long line = records.line();
            if (fields.size() > columns.size()) {
                throw new ManifestException(lines.file(), line, "expected at most " + columns.size() + " fields ("
                        + String.join(",", columns) + "), found " + fields.size()
                        + "; quote a field that holds a comma");
            }
            String path = null;
            String label = null;
            Double offset = null;
            Double duration = null;
            for (int c = 0; c < fields.size(); c++) {
                String value = fields.get(c);
                switch (columns.get(c)) {
                    case "path" -> path = value;
                    case "label" -> label = value;
                    case "offset_s" -> offset = number(lines.file(), line, "offset_s", value);
                    default -> duration = number(lines.file(), line, "duration_s", value);
                }
            }
            rows.add(line, path, label, offset, duration);
            fields = records.next();
        }
    }

    private static List<String> header(Path file, long line, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!COLUMNS.contains(name)) {
                throw new ManifestException(file, line, "unknown column \"" + name + "\" in the header; known: "
                        + String.join(",", COLUMNS));
            }
            if (!seen.add(name)) {
                throw new ManifestException(file, line, "column \"" + name + "\" appears twice in the header");
            }
        }
        return List.copyOf(names);
    }

    private static Double number(Path file, long line, String column, String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw new ManifestException(file, line, column + " is not a decimal number: \"" + value + "\"");
        }
        return Double.parseDouble(value);
    }
}
