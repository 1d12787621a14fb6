package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SourceSetTest {

    private static final Path A = Path.of("a.wav");
    private static final Path B = Path.of("b.wav");
    private static final Path C = Path.of("c.wav");

    @Test
    void getReturnsTheItemWithThatIndex() {
        SourceSet set = Sources.of(A, B, C);
        assertEquals(3, set.size());
        assertEquals(B, set.get(1).path());
        assertEquals(1, set.get(1).index());
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(1L << 32));
    }

    @Test
    void fluxEmitsInIndexOrderOnlyAsRequested() {
        SourceSet set = Sources.of(A, B, C);
        StepVerifier.create(set.flux(), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(set.get(0))
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(2)
                .expectNext(set.get(1), set.get(2))
                .verifyComplete();
    }

    @Test
    void itemsMustCarryTheirPositionAsIndex() {
        List<AudioSource> skipped = List.of(AudioSource.of(0, A), AudioSource.of(2, B));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceSet.of(skipped, LabelMap.empty()));
        assertTrue(e.getMessage().contains("position 1 has index 2"), e.getMessage());
    }

    @Test
    void labelsMustBeInTheMapAtTheirLabelIndex() {
        LabelMap labels = LabelMap.of("cat", "dog");
        List<AudioSource> wrongIndex = List.of(new AudioSource(0, A, "dog", 0, 0, AudioSource.TO_END));
        List<AudioSource> unknown = List.of(new AudioSource(0, A, "cow", 0, 0, AudioSource.TO_END));
        assertThrows(IllegalArgumentException.class, () -> SourceSet.of(wrongIndex, labels));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceSet.of(unknown, labels));
        assertTrue(e.getMessage().contains("\"cow\""), e.getMessage());
    }

    @Test
    void theItemListCannotBeModified() {
        SourceSet set = Sources.of(A);
        assertThrows(UnsupportedOperationException.class, () -> set.sources().add(AudioSource.of(1, B)));
    }

    @Test
    void withLabelsRenumbersASplitToASharedClassList() {
        SourceSet validation = Sources.of(List.of(A, B), List.of("dog", "cow"));
        assertEquals(List.of("cow", "dog"), validation.labels().names());

        LabelMap training = LabelMap.of("cat", "cow", "dog");
        SourceSet shared = validation.withLabels(training);

        assertEquals(training, shared.labels());
        assertEquals(2, shared.get(0).labelIndex());
        assertEquals(1, shared.get(1).labelIndex());
        assertEquals("dog", shared.get(0).label());
        assertThrows(IllegalArgumentException.class, () -> validation.withLabels(LabelMap.of("cat", "dog")));
    }

    @Test
    void setsWithTheSameItemsAndLabelsAreEqual() {
        assertEquals(Sources.of(A, B), Sources.of(List.of(A, B)));
        assertEquals(Sources.of(A, B).hashCode(), Sources.of(List.of(A, B)).hashCode());
    }
}
