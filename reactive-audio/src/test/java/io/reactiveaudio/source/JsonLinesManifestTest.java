package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Sources#manifest} on JSON Lines files. */
class JsonLinesManifestTest {

    @TempDir
    Path dir;

    @Test
    void eachLineIsAnObjectWithPathLabelOffsetAndDuration() throws IOException {
        Path absolute = dir.resolve("elsewhere/b.wav").toAbsolutePath();
        Path manifest = write("lists/train.jsonl", """
                {"path": "clips/a.wav", "label": "dog", "offset_s": 1.5, "duration_s": 2}
                {"label": "cat", "path": "%s"}
                """.formatted(absolute));

        SourceSet set = Sources.manifest(manifest);

        assertEquals(List.of("cat", "dog"), set.labels().names());
        assertEquals(new AudioSource(0, dir.resolve("lists/clips/a.wav"), "dog", 1, 1.5, 2), set.get(0));
        assertEquals(new AudioSource(1, absolute, "cat", 0, 0, AudioSource.TO_END), set.get(1));
    }

    @Test
    void nullMeansNotGivenAndAnEmptyLabelMeansUnlabelled() throws IOException {
        SourceSet set = Sources.manifest(write("m.jsonl", """
                {"path": "a.wav", "label": null, "offset_s": null, "duration_s": null}
                {"path": "b.wav", "label": ""}
                {"path": "c.wav", "offset_s": 3, "duration_s": 0.5}
                """));

        assertTrue(set.labels().isEmpty());
        assertEquals(AudioSource.of(0, dir.resolve("a.wav")), set.get(0));
        assertEquals(AudioSource.of(1, dir.resolve("b.wav")), set.get(1));
        assertEquals(new AudioSource(2, dir.resolve("c.wav"), null, -1, 3, 0.5), set.get(2));
    }

    @Test
    void ndjsonBlankLinesCommentsCrlfAndAByteOrderMarkAreAccepted() throws IOException {
        Path manifest = dir.resolve("m.NDJSON");
        Files.write(manifest, ("\uFEFF{\"path\": \"a.wav\", \"label\": \"é\"}\r\n\r\n# second\r\n"
                + "{\"path\": \"b.wav\", \"label\": \"Z\"}").getBytes(StandardCharsets.UTF_8));

        SourceSet set = Sources.manifest(manifest);

        assertEquals(2, set.size());
        assertEquals(List.of("Z", "é"), set.labels().names());
        assertEquals(1, set.get(0).labelIndex());
        assertEquals(dir.resolve("b.wav"), set.get(1).path());
    }

    @Test
    void escapedCharactersInStringsAreDecoded() throws IOException {
        SourceSet set = Sources.manifest(write("m.jsonl", "{\"path\": \"say \\\"hi\\\" \\u00e9.wav\"}\n"));
        assertEquals(dir.resolve("say \"hi\" é.wav"), set.get(0).path());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"path\": \"a.wav\"}\n{\"path\": \"b.wav\",}\n", 2,
                        "malformed JSON at column 18: "),
                Arguments.of("unclosed object", "{\"path\": \"a.wav\"\n", 1, "the JSON value is not closed on its line"),
                Arguments.of("unclosed string", "{\"path\": \"a.wav}\n", 1, "the JSON value is not closed on its line"),
                Arguments.of("not an object", "[\"a.wav\"]\n", 1, "expected a JSON object"),
                Arguments.of("two objects on a line", "{\"path\": \"a.wav\"} {\"path\": \"b.wav\"}\n", 1,
                        "text after the object; write one object per line"),
                Arguments.of("unknown key", "{\"path\": \"a.wav\", \"duration\": 2}\n", 1,
                        "unknown key \"duration\"; known: path, label, offset_s, duration_s"),
                Arguments.of("repeated key", "{\"path\": \"a.wav\", \"path\": \"b.wav\"}\n", 1,
                        "key \"path\" appears twice"),
                Arguments.of("missing path", "{\"label\": \"x\"}\n", 1, "missing path"),
                Arguments.of("path not a string", "{\"path\": 3}\n", 1, "path must be a string, was 3"),
                Arguments.of("label not a string", "{\"path\": \"a.wav\", \"label\": [\"x\"]}\n", 1,
                        "label must be a string, was an array"),
                Arguments.of("offset as a string", "{\"path\": \"a.wav\", \"offset_s\": \"1.5\"}\n", 1,
                        "offset_s must be a number, was the string \"1.5\""),
                Arguments.of("negative offset", "{\"path\": \"a.wav\", \"offset_s\": -0.5}\n", 1,
                        "offset_s must be finite and >= 0, was -0.5"),
                Arguments.of("zero duration", "{\"path\": \"a.wav\", \"duration_s\": 0}\n", 1,
                        "duration_s must be finite and > 0, was 0.0"),
                Arguments.of("overflowing duration", "{\"path\": \"a.wav\", \"duration_s\": 1e400}\n", 1,
                        "duration_s must be finite and > 0, was Infinity"),
                Arguments.of("mixed labelling", "{\"path\": \"a.wav\"}\n\n{\"path\": \"b.wav\", \"label\": \"y\"}\n", 3,
                        "label \"y\", but line 1 has none; label every row or none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void aBadLineFailsNamingFileLineAndProblem(String name, String content, long line, String reason)
            throws IOException {
        Path manifest = write("bad.jsonl", content);

        ManifestException e = assertThrows(ManifestException.class, () -> Sources.manifest(manifest));

        assertEquals(manifest, e.file());
        assertEquals(line, e.line());
        assertTrue(e.reason().startsWith(reason), e.reason());
        assertEquals(manifest + ":" + line + ": " + e.reason(), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
