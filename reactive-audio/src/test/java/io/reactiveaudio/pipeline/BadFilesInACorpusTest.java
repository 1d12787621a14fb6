package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.Fixtures;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus folder holding one file of every bad kind next to good ones: each bad file gives its
 * own clear error naming it, and every good file still decodes whole.
 */
class BadFilesInACorpusTest {

    @Test
    void everyBadKindIsReportedByNameAndTheGoodFilesStillDecode(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("speech"));
        copy("mp3/cbr64_mono_44k.mp3", dir.resolve("a-good.mp3"));
        Files.write(dir.resolve("b-corrupt.mp3"), new byte[4000]);
        copy("mp3/truncated_cbr128_stereo_44k.mp3", dir.resolve("c-truncated.mp3"));
        Files.write(dir.resolve("d-empty.wav"), new byte[0]);
        Files.write(dir.resolve("e-unsupported.flac"), "OggS\0\2 this is an Ogg page, not FLAC".getBytes());
        copy("mp3/mpeg2_cbr32_mono_16k.mp3", dir.resolve("f-good.mp3"));
        copy("mp3/layer2_stereo_44k.mp3", dir.resolve("g-layer2.mp3"));

        SourceSet corpus = Sources.directory(root).labelsFromParentFolder(true).scan();
        List<AudioDecodeException> problems = new ArrayList<>();
        DecodeReport report = new DecodeReport(problems::add);
        Map<String, Integer> framesByFile = new LinkedHashMap<>();
        corpus.flux().transform(Decode.defaults().report(report))
                .doOnNext(c -> framesByFile.merge(c.source().path().getFileName().toString(), c.frames(), Integer::sum))
                .blockLast(Duration.ofSeconds(30));

        assertEquals(List.of("b-corrupt.mp3 CORRUPT", "c-truncated.mp3 TRUNCATED", "d-empty.wav EMPTY",
                "e-unsupported.flac UNSUPPORTED", "g-layer2.mp3 UNSUPPORTED"),
                problems.stream().map(e -> e.path().getFileName() + " " + e.kind()).toList());
        for (AudioDecodeException e : problems) {
            assertTrue(e.getMessage().startsWith(e.path().toString() + ": "), e.getMessage());
        }
        assertEquals(5, report.problemFiles());
        assertEquals(2, report.completedFiles());
        assertEquals(Fixtures.decode(dir.resolve("a-good.mp3")).frames(), (long) framesByFile.get("a-good.mp3"));
        assertEquals(Fixtures.decode(dir.resolve("f-good.mp3")).frames(), (long) framesByFile.get("f-good.mp3"));
        assertEquals(11 * 1152 - 576 - 529, (int) framesByFile.get("c-truncated.mp3"), "its complete frames are kept");
        assertEquals(1, report.count(Kind.CORRUPT));
    }

    @Test
    void aTruncatedFileKeepsItsGoodFramesAndTheRestOfTheCorpusIsIdentical(@TempDir Path root) throws IOException {
        copy("mp3/cbr128_stereo_44k.mp3", root.resolve("1.mp3"));
        copy("mp3/truncated_cbr128_stereo_44k.mp3", root.resolve("2.mp3"));
        copy("mp3/vbr_v2_stereo_44k.mp3", root.resolve("3.mp3"));

        List<AudioChunk> chunks = Sources.directory(root).scan().flux().transform(Decode.defaults())
                .collectList().block(Duration.ofSeconds(30));

        float[] third = chunks.stream().filter(c -> c.source().index() == 2)
                .map(c -> java.util.Arrays.copyOf(c.samples(), c.frames() * c.channels()))
                .reduce(new float[0], BadFilesInACorpusTest::concat);
        assertArrayEquals(Fixtures.decode(root.resolve("3.mp3")).samples(), third);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void copy(String fixture, Path target) throws IOException {
        Files.copy(Fixtures.path(fixture), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
