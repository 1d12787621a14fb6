package io.reactiveaudio.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Applied;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CompositionTest {

    /** Records its name and one draw, changing nothing. */
    private record Marker(String name) implements Augmentation {
        @Override
        public Audio apply(Audio audio, AugmentContext context) {
            context.record(Applied.of(name, "draw", context.random().nextDouble()));
            return audio;
        }
    }

    private static final Augmentation A = new Marker("A");
    private static final Augmentation B = new Marker("B");
    private static final Augmentation C = new Marker("C");

    private static List<Applied> run(Augmentation augmentation, long item) {
        AugmentContext context = AugmentContext.forItem(7, 0, item, 0);
        augmentation.apply(Audio.mono(new float[4], 16_000), context);
        return context.applied();
    }

    private static String names(List<Applied> applied) {
        return String.join("", applied.stream().map(Applied::transform).toList());
    }

    @Test
    void composeAppliesEveryStepInOrder() {
        assertEquals("ABC", names(run(Compose.of(A, B, C), 0)));
    }

    @Test
    void aStepThatDoesNotFireLeavesTheOthersDrawsAlone() {
        for (long item = 0; item < 50; item++) {
            double always = run(Compose.of(A, B), item).get(1).get("draw");
            List<Applied> sometimes = run(Compose.of(A.p(0.5), B), item);
            assertEquals(always, sometimes.get(sometimes.size() - 1).get("draw"));
        }
    }

    @Test
    void probabilityIsTheShareOfItemsThatFire() {
        int fired = 0;
        int items = 20_000;
        for (long item = 0; item < items; item++) {
            fired += run(A.p(0.3), item).size();
        }
        assertEquals(0.3, fired / (double) items, 4 * Math.sqrt(0.3 * 0.7 / items));
        assertEquals(0, run(A.p(0), 1).size());
        assertEquals(1, run(A.p(1), 1).size());
        assertThrows(IllegalArgumentException.class, () -> A.p(1.5));
        assertThrows(IllegalArgumentException.class, () -> A.p(Double.NaN));
    }

    @Test
    void oneOfPicksEachChoiceEquallyOften() {
        Map<String, Integer> counts = new HashMap<>();
        int items = 30_000;
        for (long item = 0; item < items; item++) {
            counts.merge(names(run(OneOf.of(A, B, C), item)), 1, Integer::sum);
        }
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertEquals(items / 3.0, n, 4 * Math.sqrt(items * (1 / 3.0) * (2 / 3.0))));
    }

    @Test
    void someOfPicksEverySubsetOfEachSizeEquallyOftenInTheGivenOrder() {
        Map<String, Integer> counts = new HashMap<>();
        int items = 30_000;
        for (long item = 0; item < items; item++) {
            counts.merge(names(run(SomeOf.of(1, 2, A, B, C), item)), 1, Integer::sum);
        }
        assertEquals(List.of("A", "AB", "AC", "B", "BC", "C"), new ArrayList<>(new TreeMap<>(counts).keySet()));
        double expected = items / 2.0 / 3.0;
        counts.values().forEach(n -> assertEquals(expected, n, 4 * Math.sqrt(expected)));
    }

    @Test
    void compositionsRefuseEmptyOrImpossibleChoices() {
        assertThrows(IllegalArgumentException.class, Compose::of);
        assertThrows(IllegalArgumentException.class, OneOf::of);
        assertThrows(IllegalArgumentException.class, () -> SomeOf.of(2, 4, A, B, C));
        assertThrows(IllegalArgumentException.class, () -> SomeOf.of(2, 1, A, B, C));
        assertTrue(SomeOf.of(0, 0, A).toString().startsWith("SomeOf(0, 0)"));
    }
}
