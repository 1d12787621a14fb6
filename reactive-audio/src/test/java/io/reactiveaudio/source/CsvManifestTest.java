package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Sources#manifest} on CSV files. */
class CsvManifestTest {

    @TempDir
    Path dir;

    @Test
    void aHeaderNamesTheColumnsAndRelativePathsResolveAgainstTheManifestFolder() throws IOException {
        Path absolute = dir.resolve("elsewhere/b.wav").toAbsolutePath();
        Path manifest = write("lists/train.csv", """
                path,label,offset_s,duration_s
                clips/a.wav,dog,1.5,2
                %s,cat,,
                """.formatted(absolute));

        SourceSet set = Sources.manifest(manifest);

        assertEquals(List.of("cat", "dog"), set.labels().names());
        assertEquals(new AudioSource(0, dir.resolve("lists/clips/a.wav"), "dog", 1, 1.5, 2), set.get(0));
        assertEquals(new AudioSource(1, absolute, "cat", 0, 0, AudioSource.TO_END), set.get(1));
    }

    @Test
    void withoutHeaderTheColumnsArePathLabelOffsetDurationAndTrailingOnesAreOptional() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", """
                a.wav,x,0.25,1e1
                b.wav,y
                c.wav,x,,3
                """));

        assertEquals(3, set.size());
        assertEquals(new AudioSource(0, dir.resolve("a.wav"), "x", 0, 0.25, 10), set.get(0));
        assertEquals(new AudioSource(1, dir.resolve("b.wav"), "y", 1, 0, AudioSource.TO_END), set.get(1));
        assertEquals(new AudioSource(2, dir.resolve("c.wav"), "x", 0, 0, 3), set.get(2));
    }

    @Test
    void aListOfPathsAloneIsUnlabelled() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", "b.wav\na.wav\n"));
        assertEquals(List.of(dir.resolve("b.wav"), dir.resolve("a.wav")),
                set.sources().stream().map(AudioSource::path).toList());
        assertTrue(set.labels().isEmpty());
        assertNull(set.get(0).label());
    }

    @Test
    void aHeaderMayReorderAndOmitColumns() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", "path,duration_s,label\na.wav,3,dog\n"));
        assertEquals(new AudioSource(0, dir.resolve("a.wav"), "dog", 0, 0, 3), set.get(0));
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", "\"with, comma.wav\",\"say \"\"hi\"\"\",0,1\n"
                + "\" spaced .wav\" , plain label ,,\n"
                + "\"two\nlines.wav\",x\n"));

        assertEquals(dir.resolve("with, comma.wav"), set.get(0).path());
        assertEquals("say \"hi\"", set.get(0).label());
        assertEquals(dir.resolve(" spaced .wav"), set.get(1).path());
        assertEquals("plain label", set.get(1).label());
        assertEquals(dir.resolve("two\nlines.wav"), set.get(2).path());
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndTheIndexCountsDataRowsOnly() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", """
                # made by hand

                path,label
                \t
                # first class
                a.wav,x

                "#b.wav",y
                """));

        assertEquals(2, set.size());
        assertEquals(1, set.get(1).index());
        assertEquals(dir.resolve("#b.wav"), set.get(1).path());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreAccepted() throws IOException {
        Path manifest = dir.resolve("m.csv");
        Files.write(manifest, "\uFEFFpath,label\r\na.wav,x\r\n\r\nb.wav,y\r\n".getBytes(StandardCharsets.UTF_8));

        SourceSet set = Sources.manifest(manifest);

        assertEquals(2, set.size());
        assertEquals(dir.resolve("a.wav"), set.get(0).path());
        assertEquals("y", set.get(1).label());
    }

    @Test
    void theLastLineNeedsNoLineEnd() throws IOException {
        assertEquals(2, Sources.manifest(write("m.csv", "a.wav\nb.wav")).size());
    }

    @Test
    void labelsAreNumberedInSortedOrderNotRowOrder() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", "1.wav,é\n2.wav,a\n3.wav,Z\n4.wav,ä\n5.wav,a\n"));
        assertEquals(List.of("Z", "a", "ä", "é"), set.labels().names());
        assertEquals(List.of(3, 1, 0, 2, 1), set.sources().stream().map(AudioSource::labelIndex).toList());
    }

    @Test
    void anEmptyManifestOrAHeaderAloneGivesAnEmptySet() throws IOException {
        assertEquals(0, Sources.manifest(write("empty.csv", "")).size());
        assertEquals(0, Sources.manifest(write("header.csv", "path,label\n# nothing yet\n")).size());
    }

    @Test
    void theExtensionIsMatchedIgnoringCase() throws IOException {
        assertEquals(1, Sources.manifest(write("LIST.CSV", "a.wav\n")).size());
    }

    @Test
    void listedFilesAreNotCheckedForExistence() throws IOException {
        SourceSet set = Sources.manifest(write("m.csv", "no/such/file.wav\n"));
        assertTrue(Files.notExists(set.get(0).path()));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("missing path", "path,label\n,cat\n", 2, "missing path"),
                Arguments.of("offset not a number", "a.wav,x,abc\n", 1, "offset_s is not a decimal number: \"abc\""),
                Arguments.of("NaN", "a.wav,x,0,NaN\n", 1, "duration_s is not a decimal number: \"NaN\""),
                Arguments.of("negative offset", "a.wav,x\nb.wav,x,-1\n", 2, "offset_s must be finite and >= 0, was -1.0"),
                Arguments.of("zero duration", "a.wav,x,0,0\n", 1, "duration_s must be finite and > 0, was 0.0"),
                Arguments.of("negative duration", "a.wav,x,0,-2.5\n", 1, "duration_s must be finite and > 0, was -2.5"),
                Arguments.of("overflowing number", "a.wav,x,1e400\n", 1, "offset_s must be finite and >= 0, was Infinity"),
                Arguments.of("unterminated quote", "a.wav\n\"b.wav,x\nc.wav\n", 2,
                        "unterminated quoted field: the quote at column 1 is not closed before the end of the file"),
                Arguments.of("quote inside an unquoted field", "a\"b.wav,x\n", 1,
                        "quote inside an unquoted field at column 2; quote the whole field and write the quote twice"),
                Arguments.of("text after a closing quote", "\"a.wav\"x,cat\n", 1,
                        "unexpected 'x' after a closing quote at column 8; expected a comma or the end of the line"),
                Arguments.of("too many fields", "a.wav,x,1,2,3\n", 1,
                        "expected at most 4 fields (path,label,offset_s,duration_s), found 5; quote a field that holds a comma"),
                Arguments.of("more fields than the header", "path,label\na.wav,x,1\n", 2,
                        "expected at most 2 fields (path,label), found 3; quote a field that holds a comma"),
                Arguments.of("unknown column", "path,lable\n", 1,
                        "unknown column \"lable\" in the header; known: path,label,offset_s,duration_s"),
                Arguments.of("repeated column", "path,label,label\n", 1, "column \"label\" appears twice in the header"),
                Arguments.of("label missing on a later row", "a.wav,x\nb.wav\n", 2,
                        "no label, but line 1 has one; label every row or none"),
                Arguments.of("label on a later row only", "a.wav,\nb.wav,y\n", 2,
                        "label \"y\", but line 1 has none; label every row or none"),
                Arguments.of("path with a NUL character", "a\u0000b.wav\n", 1, "invalid path \"a\u0000b.wav\""),
                Arguments.of("comments and blank lines still count", "# c\n\na.wav,x,-1\n", 3,
                        "offset_s must be finite and >= 0, was -1.0"),
                Arguments.of("lines inside quotes still count", "\"a\nb.wav\",x\nc.wav,x,-1\n", 3,
                        "offset_s must be finite and >= 0, was -1.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void aBadRowFailsNamingFileLineAndProblem(String name, String content, long line, String reason)
            throws IOException {
        Path manifest = write("bad.csv", content);

        ManifestException e = assertThrows(ManifestException.class, () -> Sources.manifest(manifest));

        assertEquals(manifest, e.file());
        assertEquals(line, e.line());
        assertTrue(e.reason().startsWith(reason), e.reason());
        assertEquals(manifest + ":" + line + ": " + e.reason(), e.getMessage());
    }

    @Test
    void invalidUtf8FailsNamingTheLine() throws IOException {
        Path manifest = dir.resolve("m.csv");
        Files.write(manifest, new byte[] {'a', '.', 'w', 'a', 'v', '\n', 'b', (byte) 0xC3, '.', 'w', 'a', 'v', '\n'});

        ManifestException e = assertThrows(ManifestException.class, () -> Sources.manifest(manifest));

        assertEquals(2, e.line());
        assertEquals("not valid UTF-8", e.reason());
    }

    @Test
    void anUnknownExtensionIsRejected() throws IOException {
        Path manifest = write("m.tsv", "a.wav\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sources.manifest(manifest));
        assertTrue(e.getMessage().contains(".csv, .jsonl or .ndjson"), e.getMessage());
    }

    @Test
    void aMissingManifestFailsWithTheFileSystemError() {
        Path missing = dir.resolve("missing.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Sources.manifest(missing));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
