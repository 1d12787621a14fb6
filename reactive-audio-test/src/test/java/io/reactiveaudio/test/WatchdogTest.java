package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    private static final long MIB = 1 << 20;

    @Test
    void workWithinBothBoundsEndsQuietly() {
        AtomicBoolean ran = new AtomicBoolean();

        assertDoesNotThrow(() -> Watchdog.run(Duration.ofSeconds(5), MIB, () -> ran.set(true)));

        assertTrue(ran.get());
    }

    @Test
    void aLoopThatNeverEndsFailsWhenItsTimeIsUpAndLaterWorkStillRuns() {
        AtomicBoolean stop = new AtomicBoolean();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Watchdog.run(Duration.ofMillis(200), MIB, () -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }));

            assertTrue(e.getMessage().contains("no progress"), e.getMessage());
            AtomicBoolean ran = new AtomicBoolean();
            Watchdog.run(Duration.ofSeconds(5), MIB, () -> ran.set(true));
            assertTrue(ran.get());
        } finally {
            stop.set(true);
        }
    }

    @Test
    void allocatingMoreThanTheBoundFailsNamingBoth() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Watchdog.run(Duration.ofSeconds(5), MIB, () -> assertTrue(new byte[8 * (int) MIB].length > 0)));

        assertTrue(e.getMessage().contains("more than the bound of " + MIB + " bytes"), e.getMessage());
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerAsItIs() {
        IllegalStateException thrown = new IllegalStateException("parser bug");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Watchdog.run(Duration.ofSeconds(5), MIB, () -> {
                    throw thrown;
                }));

        assertSame(thrown, e);
    }
}
