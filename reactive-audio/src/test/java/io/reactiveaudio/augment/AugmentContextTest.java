package io.reactiveaudio.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.audio.Applied;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentContextTest {

    @Test
    void theSameItemDrawsTheSameValues() {
        AugmentContext first = AugmentContext.forItem(42, 3, 17, 5);
        AugmentContext second = AugmentContext.forItem(42, 3, 17, 5);
        for (int i = 0; i < 10; i++) {
            assertEquals(first.random().nextLong(), second.random().nextLong());
        }
    }

    @Test
    void everyKeyComponentChangesTheDraws() {
        long base = AugmentContext.forItem(42, 3, 17, 5).random().nextLong();
        assertNotEquals(base, AugmentContext.forItem(43, 3, 17, 5).random().nextLong());
        assertNotEquals(base, AugmentContext.forItem(42, 4, 17, 5).random().nextLong());
        assertNotEquals(base, AugmentContext.forItem(42, 3, 18, 5).random().nextLong());
        assertNotEquals(base, AugmentContext.forItem(42, 3, 17, 6).random().nextLong());
    }

    @Test
    void childrenDrawIndependentlyOfWhatTheParentOrSiblingsDrew() {
        AugmentContext quiet = AugmentContext.forItem(1, 0, 2, 0);
        AugmentContext busy = AugmentContext.forItem(1, 0, 2, 0);
        busy.random().nextLong();
        busy.child(0).random().nextLong();
        assertEquals(quiet.child(1).random().nextLong(), busy.child(1).random().nextLong());
        assertNotEquals(quiet.child(0).random().nextLong(), quiet.child(1).random().nextLong());
    }

    @Test
    void childrenShareTheRecord() {
        AugmentContext item = AugmentContext.forItem(1, 0, 2, 0);
        item.child(0).record(Applied.of("A", "x", 1));
        item.child(1).child(0).record(Applied.of("B"));
        assertEquals(List.of("A", "B"), item.applied().stream().map(Applied::transform).toList());
    }

    @Test
    void aRangeRefusesBadBoundsWithItsName() {
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class, () -> new Range("gain_db", 3, -3));
        assertEquals("gain_db needs finite min <= max, got min 3.0, max -3.0", reversed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Range("x", Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Range("x", 0, 2).within(0, 1));
    }

    @Test
    void anAppliedRecordKeepsItsOrderAndNamesMissingParameters() {
        Applied applied = Applied.of("T", "b", 2, "a", 1);
        assertEquals("T(b=2.0, a=1.0)", applied.toString());
        assertEquals(1, applied.get("a"));
        assertThrows(IllegalArgumentException.class, () -> applied.get("c"));
    }
}
