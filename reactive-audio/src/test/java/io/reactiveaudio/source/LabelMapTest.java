package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMapTest {

    @Test
    void namesAreDistinctAndSortedByCodePoint() {
        LabelMap labels = LabelMap.of("é", "a", "Z", "ä", "a");
        assertEquals(List.of("Z", "a", "ä", "é"), labels.names());
        assertEquals(4, labels.size());
    }

    @Test
    void indexOfAndNameAreInverse() {
        LabelMap labels = LabelMap.of("dog", "cat", "bird");
        for (int i = 0; i < labels.size(); i++) {
            assertEquals(i, labels.indexOf(labels.name(i)));
        }
        assertEquals(0, labels.indexOf("bird"));
        assertEquals("dog", labels.name(2));
    }

    @Test
    void anUnknownLabelIsRejectedByName() {
        LabelMap labels = LabelMap.of("cat", "dog");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.indexOf("cow"));
        assertTrue(e.getMessage().contains("\"cow\""), e.getMessage());
        assertFalse(labels.contains("cow"));
        assertThrows(IndexOutOfBoundsException.class, () -> labels.name(2));
    }

    @Test
    void asMapIteratesInIndexOrderAndCannotBeModified() {
        Map<String, Integer> map = LabelMap.of("dog", "Cat", "cat").asMap();
        assertEquals(List.of("Cat", "cat", "dog"), new ArrayList<>(map.keySet()));
        assertEquals(List.of(0, 1, 2), new ArrayList<>(map.values()));
        assertThrows(UnsupportedOperationException.class, () -> map.put("cow", 3));
        assertThrows(UnsupportedOperationException.class, () -> LabelMap.of("a").names().add("b"));
    }

    @Test
    void emptyAndNullNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LabelMap.of("cat", ""));
        assertThrows(NullPointerException.class, () -> LabelMap.of(Arrays.asList("cat", null)));
    }

    @Test
    void theEmptyMapHasNoNames() {
        assertTrue(LabelMap.empty().isEmpty());
        assertEquals(Map.of(), LabelMap.empty().asMap());
        assertSame(LabelMap.empty(), LabelMap.of(List.of()));
    }

    @Test
    void mapsWithTheSameNamesAreEqual() {
        assertEquals(LabelMap.of("b", "a"), LabelMap.of(List.of("a", "b", "a")));
        assertEquals(LabelMap.of("b", "a").hashCode(), LabelMap.of("a", "b").hashCode());
    }
}
