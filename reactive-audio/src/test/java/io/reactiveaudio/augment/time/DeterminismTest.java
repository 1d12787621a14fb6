package io.reactiveaudio.augment.time;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Compose;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static final Augmentation CHAIN = Compose.of(
            SpeedPerturb.range(0.9, 1.1), TimeStretch.defaults().leaveLengthUnchanged(false), PitchShift.defaults());
    private static final int ITEMS = 12;

    /** One item's result: its samples and what was applied. */
    private record Result(float[] samples, List<Applied> applied) {
    }

    /** Item {@code item}'s audio: stereo noise of its own, the same on every call. */
    private static Audio itemAudio(long item) {
        SplittableRandom random = new SplittableRandom(item);
        float[] samples = new float[2 * 30_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (random.nextDouble() - 0.5);
        }
        return new Audio(samples, 30_000, 2, 44_100);
    }

    private static Result augment(long item) {
        AugmentContext context = AugmentContext.forItem(42, 3, item, 0);
        Audio out = CHAIN.apply(itemAudio(item), context);
        return new Result(out.samples(), context.applied());
    }

    @Test
    void theSameItemGivesTheSameOutput() {
        Result first = augment(5);
        Result again = augment(5);
        assertArrayEquals(first.samples(), again.samples(), 0f);
        assertEquals(first.applied(), again.applied());
        assertNotEquals(first.applied(), augment(6).applied());
    }

    @Test
    void fourThreadsGiveWhatOneThreadGives() throws Exception {
        List<Result> sequential = new ArrayList<>();
        for (long item = 0; item < ITEMS; item++) {
            sequential.add(augment(item));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Result>> parallel = new ArrayList<>();
            for (long item = ITEMS - 1; item >= 0; item--) {
                long key = item;
                parallel.add(0, pool.submit(() -> augment(key)));
            }
            for (int item = 0; item < ITEMS; item++) {
                Result result = parallel.get(item).get();
                assertArrayEquals(sequential.get(item).samples(), result.samples(), 0f, "item " + item);
                assertEquals(sequential.get(item).applied(), result.applied(), "item " + item);
            }
        } finally {
            pool.shutdown();
        }
    }
}
