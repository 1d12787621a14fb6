package io.reactiveaudio.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.augment.wave.Gain;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentTest {

    private final Augment base = Augment.of(List.of(Gain.db(-6, 6)));

    @Test
    void everySetterReturnsANewOperatorAndLeavesTheOriginalAsItWas() {
        Augment changed = base.seed(7).epoch(3).keepLength(false).maxFrames(100).concurrency(1);

        assertNotSame(base, changed);
        assertEquals(Augment.DEFAULT_CONCURRENCY, base.concurrency());
        assertEquals(1, changed.concurrency());
        assertEquals(base.stages(), changed.stages());
    }

    @Test
    void argumentChecksNameTheArgumentAndItsValue() {
        assertEquals("concurrency must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> base.concurrency(0)).getMessage());
        assertEquals("maxFrames must be at least 1: -2",
                assertThrows(IllegalArgumentException.class, () -> base.maxFrames(-2)).getMessage());
        assertEquals("epoch must not be negative: -1",
                assertThrows(IllegalArgumentException.class, () -> base.epoch(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augment.of(List.of()));
    }
}
