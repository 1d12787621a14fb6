package io.reactiveaudio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tuner's decisions against synthetic rate models on a fake clock: no real timing. */
class AutotuneTest {

    private long now;

    /** Batches per second for a number of decode threads, in the {@code window}-th window. */
    private interface RateModel {
        double rate(int threads, int window);
    }

    @Test
    void climbsWhileMoreThreadsHelpClearlyAndSettlesOnTheBest() {
        Autotune tuner = tuner();
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        run(tuner, gate, (threads, w) -> Math.min(threads, 5) * 2.0, 40);

        assertEquals(5, tuner.decodeThreads());
        assertEquals(5, gate.limit());
        assertTrue(tuner.trials().stream().anyMatch(t -> t.decodeThreads() == 6), "tried one more, found no gain");
    }

    @Test
    void underHeavyNoiseItEndsWithinTenPercentOfTheBestSetting() {
        double[] truth = {0, 8.0, 10.0, 9.5, 9.0, 9.0, 9.0, 9.0, 9.0};
        for (long seed = 1; seed <= 50; seed++) {
            Autotune tuner = tuner();
            DecodeGate gate = new DecodeGate(2);
            tuner.start(gate, 8);
            SplittableRandom noise = new SplittableRandom(seed);

            run(tuner, gate, (threads, w) -> truth[threads] * (0.7 + 0.6 * noise.nextDouble()), 40);

            assertTrue(truth[tuner.decodeThreads()] >= 0.9 * 10.0, "seed " + seed + ": " + tuner.trials());
        }
    }

    @Test
    void aGainSmallerThanTheMeasuredNoiseIsNotTaken() {
        Autotune tuner = tuner();
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        // the two baseline windows differ by 20 %; three threads are 10 % faster
        run(tuner, gate, (threads, w) -> (threads == 3 ? 11.0 : 10.0) * (w % 2 == 0 ? 0.9 : 1.1), 40);

        assertEquals(2, tuner.decodeThreads());
    }

    @Test
    void aGainAboveTheNoiseIsTaken() {
        Autotune tuner = tuner();
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        run(tuner, gate, (threads, w) -> (threads >= 3 ? 14.0 : 10.0) * (w % 2 == 0 ? 0.95 : 1.05), 40);

        assertEquals(3, tuner.decodeThreads());
    }

    @Test
    void fewerThreadsOnlyWhenMeasurablyFaster() {
        Autotune equal = tuner();
        DecodeGate equalGate = new DecodeGate(2);
        equal.start(equalGate, 8);
        run(equal, equalGate, (threads, w) -> 10.0, 40);
        assertEquals(2, equal.decodeThreads(), "as fast with one is no reason to move");

        Autotune oversubscribed = tuner();
        DecodeGate gate = new DecodeGate(2);
        oversubscribed.start(gate, 8);
        run(oversubscribed, gate, (threads, w) -> threads == 1 ? 13.0 : 10.0, 40);
        assertEquals(1, oversubscribed.decodeThreads());
    }

    @Test
    void staysWithinOneAndTheLanes() {
        Autotune tuner = tuner();
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 3);

        run(tuner, gate, (threads, w) -> threads * 3.0, 40);

        assertEquals(3, tuner.decodeThreads());
        assertTrue(tuner.trials().stream().allMatch(t -> t.decodeThreads() >= 1 && t.decodeThreads() <= 3));
    }

    @Test
    void aLastingSlowdownStartsANewClimbAndAOneWindowDipDoesNot() {
        Autotune tuner = tuner();
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);
        run(tuner, gate, (threads, w) -> Math.min(threads, 2) * 4.0, 20);
        assertEquals(2, tuner.decodeThreads());

        run(tuner, gate, (threads, w) -> 2.0, 1);
        run(tuner, gate, (threads, w) -> Math.min(threads, 2) * 4.0, 4);
        assertEquals(2, tuner.decodeThreads());
        int measured = tuner.trials().size();

        run(tuner, gate, (threads, w) -> Math.min(threads, 6) * 1.0, 40);

        assertEquals(6, tuner.decodeThreads());
        assertTrue(tuner.trials().size() > measured + 2);
    }

    @Test
    void aSettingIsJudgedOnTheMeanOfItsWindows() {
        Autotune tuner = tuner();
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        run(tuner, gate, (threads, w) -> 10.0, 2);
        assertEquals(3, gate.limit(), "after two baseline windows it tries one more");
        assertEquals(2, tuner.chosenThreads(), "the one on trial is not chosen yet");
        run(tuner, gate, (threads, w) -> 12.0, 1);
        assertEquals(3, gate.limit(), "one window decides nothing");
        run(tuner, gate, (threads, w) -> 11.0, 1);

        assertEquals(4, gate.limit(), "a mean of 11.5 against 10 beats twice the 4 % noise: three kept, four tried");
    }

    @Test
    void aWindowNeedsItsMinimumBatchesAndSeconds() {
        Autotune tuner = Autotune.of(1.0, 4, 0.05, 0, 2, () -> now);
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
        Autotune tuner = Autotune.of(0, 1, 0.05, 1, 2, () -> now);
        DecodeGate gate = new DecodeGate(2);
        tuner.start(gate, 8);

        run(tuner, gate, (threads, w) -> 0.1, 1);
        run(tuner, gate, (threads, w) -> 4.0, 1);

        assertEquals(1, tuner.trials().size());
        assertEquals(4.0, tuner.trials().get(0).batchesPerSecond(), 1e-6);
    }

    /** One-batch windows, two per setting, 5 % minimal gain, nothing skipped. */
    private Autotune tuner() {
        return Autotune.of(0, 1, 0.05, 0, 2, () -> now);
    }

    /** Delivers {@code windows} one-batch windows at the rate the model gives for the current limit. */
    private void run(Autotune tuner, DecodeGate gate, RateModel model, int windows) {
        for (int w = 0; w < windows; w++) {
            now += (long) (1e9 / model.rate(gate.limit(), w));
            tuner.delivered();
        }
    }
}
