package io.reactiveaudio.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a JSON Lines manifest: one object per line with keys {@code path} (string, required),
 * {@code label} (string or null), {@code offset_s} and {@code duration_s} (numbers or null).
 *
 * <p>Other keys are errors, so a misspelt {@code duration} is not silently ignored; so are
 * duplicate keys, values of the wrong type and anything after the object on its line. Blank lines
 * and lines starting with '#' are skipped. Stateless; the shared parser factory is thread-safe.
 */
final class JsonLinesManifest {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLinesManifest() {
    }

    /** Reads every data line of {@code lines} into {@code rows}. */
    static void read(ManifestLines lines, ManifestRows rows) throws IOException {
        String text;
        while ((text = lines.next()) != null) {
            if (!ManifestLines.isBlankOrComment(text)) {
                readObject(lines.file(), lines.number(), text, rows);
            }
        }
    }

    private static void readObject(Path file, long line, String text, ManifestRows rows) throws IOException {
        String path = null;
        String label = null;
        Double offset = null;
        Double duration = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ManifestException(file, line, "expected a JSON object");
            }
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (!seen.add(key)) {
                    throw new ManifestException(file, line, "key \"" + key + "\" appears twice");
                }
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "path" -> path = string(file, line, key, parser, value);
                    case "label" -> label = string(file, line, key, parser, value);
                    case "offset_s" -> offset = number(file, line, key, parser, value);
                    case "duration_s" -> duration = number(file, line, key, parser, value);
                    default -> throw new ManifestException(file, line, "unknown key \"" + key
                            + "\"; known: path, label, offset_s, duration_s");
                }
            }
            if (parser.nextToken() != null) {
                throw new ManifestException(file, line, "text after the object; write one object per line");
            }
        } catch (JsonEOFException e) {
            throw new ManifestException(file, line, "the JSON value is not closed on its line", e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new ManifestException(file, line, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        rows.add(line, path, label, offset, duration);
    }

    private static String string(Path file, long line, String key, JsonParser parser, JsonToken value)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new ManifestException(file, line, key + " must be a string, was " + describe(parser, value));
        }
        return parser.getText();
    }

    private static Double number(Path file, long line, String key, JsonParser parser, JsonToken value)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new ManifestException(file, line, key + " must be a number, was " + describe(parser, value));
        }
        return parser.getDoubleValue();
    }

    private static String describe(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + parser.getText() + "\"";
            default -> parser.getText();
        };
    }
}
