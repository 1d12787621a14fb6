package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class AutotuneTest {

    private long now;

    @Test
    void climbsWhileMoreThreadsHelpAndSettlesOnTheBest() {
        Autotune tuner = Autotune.of(0, 1, 0.03, 0, () -> now);
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        run(tuner, gate, threads -> Math.min(threads, 5) * 2.0, 20);

        assertEquals(5, tuner.decodeThreads());
        assertEquals(5, gate.limit());
        assertEquals(6, tuner.trials().get(4).decodeThreads(), "tried one more, found no gain");
    }

    @Test
    void whenTheConsumerIsTheBottleneckPrefersFewerThreads() {
        Autotune tuner = Autotune.of(0, 1, 0.03, 0, () -> now);
        DecodeGate gate = new DecodeGate(4);
        tuner.start(gate, 8);

        run(tuner, gate, threads -> 10.0, 20);

        assertEquals(1, tuner.decodeThreads());
    }

    @Test
    void staysWithinOneAndTheLanes() {
        Autotune tuner = Autotune.of(0, 1, 0.03, 0, () -> now);
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 3);

        run(tuner, gate, threads -> threads * 3.0, 20);

        assertEquals(3, tuner.decodeThreads());
        assertTrue(tuner.trials().stream().allMatch(t -> t.decodeThreads() >= 1 && t.decodeThreads() <= 3));
    }

    @Test
    void aLastingSlowdownStartsANewClimb() {
        Autotune tuner = Autotune.of(0, 1, 0.03, 0, () -> now);
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);
        run(tuner, gate, threads -> Math.min(threads, 2) * 4.0, 10);
        assertEquals(2, tuner.decodeThreads());

        run(tuner, gate, threads -> Math.min(threads, 6) * 1.0, 30);

        assertEquals(6, tuner.decodeThreads());
    }

    @Test
    void aWindowNeedsItsMinimumBatchesAndSeconds() {
        Autotune tuner = Autotune.of(1.0, 4, 0.03, 0, () -> now);
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        for (int i = 0; i < 3; i++) {
            now += 2_000_000_000L;
            tuner.delivered();
        }
        assertEquals(0, tuner.trials().size());
        now += 2_000_000_000L;
        tuner.delivered();

        assertEquals(1, tuner.trials().size());
        assertEquals(0.5, tuner.trials().get(0).batchesPerSecond(), 1e-9);
    }

    @Test
    void theStartUpWindowIsNotMeasured() {
        Autotune tuner = Autotune.of(0, 1, 0.03, 1, () -> now);
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        run(tuner, gate, threads -> 0.1, 1);
        run(tuner, gate, threads -> 4.0, 1);

        assertEquals(1, tuner.trials().size());
        assertEquals(4.0, tuner.trials().get(0).batchesPerSecond(), 1e-6);
    }

    /** Delivers {@code windows} one-batch windows at the rate the model gives for the current limit. */
    private void run(Autotune tuner, DecodeGate gate, IntToDoubleFunction batchesPerSecond, int windows) {
        for (int i = 0; i < windows; i++) {
            now += (long) (1e9 / batchesPerSecond.applyAsDouble(gate.limit()));
            tuner.delivered();
        }
    }
}
