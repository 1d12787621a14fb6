package io.reactiveaudio.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Builds one JSON object as a single line of text, for the CLI's machine-readable output. */
final class JsonLine {

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes an object's fields. */
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonLine() {
    }

    /** The object whose fields {@code fields} writes, as one line. */
    static String of(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
