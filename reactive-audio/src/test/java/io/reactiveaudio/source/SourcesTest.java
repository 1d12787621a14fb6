package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesTest {

    @Test
    void anExplicitListKeepsItsOrderAsIndexWithoutLabels() {
        SourceSet set = Sources.of(List.of(Path.of("z.wav"), Path.of("a.wav"), Path.of("z.wav")));
        assertEquals(List.of(Path.of("z.wav"), Path.of("a.wav"), Path.of("z.wav")),
                set.sources().stream().map(AudioSource::path).toList());
        assertEquals(List.of(0L, 1L, 2L), set.sources().stream().map(AudioSource::index).toList());
        assertTrue(set.labels().isEmpty());
        assertNull(set.get(0).label());
        assertFalse(set.get(0).isClipped());
    }

    @Test
    void varargsAndListGiveTheSameSet() {
        assertEquals(Sources.of(List.of(Path.of("a.wav"), Path.of("b.wav"))),
                Sources.of(Path.of("a.wav"), Path.of("b.wav")));
        assertEquals(0, Sources.of().size());
    }

    @Test
    void aListWithLabelsNumbersThemInSortedOrder() {
        SourceSet set = Sources.of(List.of(Path.of("1.wav"), Path.of("2.wav"), Path.of("3.wav")),
                List.of("dog", "cat", "dog"));
        assertEquals(List.of("cat", "dog"), set.labels().names());
        assertEquals(List.of(1, 0, 1), set.sources().stream().map(AudioSource::labelIndex).toList());
        assertEquals("cat", set.get(1).label());
    }

    @Test
    void pathsAndLabelsMustPairUp() {
        assertThrows(IllegalArgumentException.class,
                () -> Sources.of(List.of(Path.of("1.wav")), List.of("dog", "cat")));
        assertThrows(IllegalArgumentException.class,
                () -> Sources.of(List.of(Path.of("1.wav")), List.of("")));
    }
}
