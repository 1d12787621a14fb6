package io.reactiveaudio.dsp.conditioning;

import static io.reactiveaudio.test.SignalAssertions.assertBitExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.test.Signals;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreEmphasisTest {

    @Test
    void subtractsTheScaledPreviousSampleWithSilenceBeforeTheStart() {
        float[] signal = {1f, 2f, -3f, 0.5f};

        PreEmphasis.apply(signal, 1, 0.97f);

        assertArrayEquals(new float[] {1f, 2f - 0.97f * 1f, -3f - 0.97f * 2f, 0.5f - 0.97f * -3f}, signal);
    }

    @Test
    void damsDirectCurrentAndLiftsNyquist() {
        float[] constant = new float[100];
        float[] alternating = new float[100];
        for (int i = 0; i < 100; i++) {
            constant[i] = 1f;
            alternating[i] = i % 2 == 0 ? 1f : -1f;
        }

        PreEmphasis.apply(constant, 1, PreEmphasis.DEFAULT_COEFFICIENT);
        PreEmphasis.apply(alternating, 1, PreEmphasis.DEFAULT_COEFFICIENT);

        assertEquals(0.03, constant[50], 1e-6);
        assertEquals(1.97, Math.abs(alternating[51]), 1e-6);
    }

    @Test
    void aStreamInChunksOfAnySizeGivesTheOfflineResultBitForBit() {
        float[] signal = Signals.noise(3, 16_000, 2, 20_000, 0.8);
        float[] offline = signal.clone();
        PreEmphasis.apply(offline, 2, PreEmphasis.DEFAULT_COEFFICIENT);

        PreEmphasis stream = new PreEmphasis(PreEmphasis.DEFAULT_COEFFICIENT, 2);
        float[] streamed = new float[signal.length];
        SplittableRandom sizes = new SplittableRandom(4);
        for (int frame = 0; frame < 20_000; ) {
            int n = Math.min(20_000 - frame, sizes.nextInt(5) == 0 ? sizes.nextInt(2) : sizes.nextInt(3_000));
            stream.process(signal, frame, streamed, frame, n);
            frame += n;
        }

        assertBitExact(offline, streamed, 2);
    }

    @Test
    void filtersEachChannelOnItsOwnAndResetStartsAnewStream() {
        PreEmphasis stream = new PreEmphasis(0.5f, 2);
        float[] out = new float[4];

        stream.process(new float[] {1f, 10f, 2f, 20f}, 0, out, 0, 2);
        assertArrayEquals(new float[] {1f, 10f, 1.5f, 15f}, out);

        stream.reset();
        stream.process(new float[] {4f, 8f}, 0, out, 0, 1);
        assertArrayEquals(new float[] {4f, 8f, 1.5f, 15f}, out);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PreEmphasis(1.5f, 1));
        assertThrows(IllegalArgumentException.class, () -> new PreEmphasis(Float.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new PreEmphasis(0.97f, 0));
        assertThrows(IllegalArgumentException.class, () -> PreEmphasis.apply(new float[3], 2, 0.97f));
        assertThrows(IndexOutOfBoundsException.class,
                () -> new PreEmphasis(0.97f, 2).process(new float[4], 1, new float[4], 0, 2));
    }
}
