package io.reactiveaudio.augment.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Compose;
import io.reactiveaudio.augment.OneOf;
import io.reactiveaudio.augment.filter.CutoffFilter;
import io.reactiveaudio.test.Signals;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChainDeterminismTest {

    private static final Augmentation CHAIN = Compose.of(
            Gain.db(-6, 6),
            AddGaussianSnr.db(10, 40).p(0.5),
            OneOf.of(Shift.fraction(-0.5, 0.5), TimeMask.bandPart(0, 0.2)),
            CutoffFilter.lowPass(1_000, 6_000).rolloff(12, 24).p(0.5),
            PolarityInversion.create().p(0.5));

    private static float[] augment(int item) {
        Audio audio = new Audio(Signals.noise(item, 16_000, 2, 2_000, 0.5), 2_000, 2, 16_000);
        return CHAIN.apply(audio, AugmentContext.forItem(42, 1, item, 3)).samples();
    }

    private static List<float[]> onThreads(int threads) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> IntStream.range(0, 64).parallel().mapToObj(ChainDeterminismTest::augment).toList()).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSeededChainGivesTheSameItemsOnOneThreadAndOnFour() throws Exception {
        List<float[]> one = onThreads(1);
        List<float[]> four = onThreads(4);
        assertEquals(64, four.size());
        for (int item = 0; item < 64; item++) {
            assertArrayEquals(one.get(item), four.get(item), 0f, "item " + item);
        }
    }
}
