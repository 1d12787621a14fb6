package io.reactiveaudio.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.random.KeyedRandom.Stage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyedRandomTest {

    @Test
    void theSameKeyGivesTheSameSequence() {
        long[] first = KeyedRandom.of(42, 3, 1234, Stage.SHUFFLE).longs(8).toArray();
        long[] again = KeyedRandom.of(42, 3, 1234, Stage.SHUFFLE).longs(8).toArray();
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(again));
    }

    @Test
    void everyComponentOfTheKeyChangesTheSequence() {
        long base = KeyedRandom.of(42, 3, 1234, Stage.SHUFFLE).nextLong();
        assertNotEquals(base, KeyedRandom.of(43, 3, 1234, Stage.SHUFFLE).nextLong());
        assertNotEquals(base, KeyedRandom.of(42, 4, 1234, Stage.SHUFFLE).nextLong());
        assertNotEquals(base, KeyedRandom.of(42, 3, 1235, Stage.SHUFFLE).nextLong());
        assertNotEquals(base, KeyedRandom.of(42, 3, 1234, Stage.FRAMING).nextLong());
    }

    @Test
    void neighbouringKeysGiveUnrelatedKeysWithoutCollisions() {
        Set<Long> keys = new HashSet<>();
        for (long epoch = 0; epoch < 10; epoch++) {
            for (long index = 0; index < 10_000; index++) {
                keys.add(KeyedRandom.key(0, epoch, index, 0));
            }
        }
        assertEquals(100_000, keys.size());
    }

    @Test
    void firstDrawsOfConsecutiveItemsAreUniform() {
        int[] buckets = new int[10];
        int n = 100_000;
        for (long index = 0; index < n; index++) {
            buckets[KeyedRandom.of(7, 0, index, Stage.FRAMING).nextInt(10)]++;
        }
        double chiSquare = 0;
        for (int count : buckets) {
            chiSquare += Math.pow(count - n / 10.0, 2) / (n / 10.0);
        }
        assertTrue(chiSquare < 27.9, "chi-square " + chiSquare + " exceeds the 0.1 % critical value for 9 d.o.f.");
    }
}
