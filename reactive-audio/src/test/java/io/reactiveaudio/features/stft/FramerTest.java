package io.reactiveaudio.features.stft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames are torch.stft's: padded the numpy way when centred, the window centred in n_fft. */
class FramerTest {

    private static final float[] SIGNAL = {1, 2, 3, 4, 5, 6};

    /** A rectangular window of n_fft 4, hop 2, centred with the given padding. */
    private static Framer rectangular(PadMode mode) {
        return new Framer(new StftSettings(4, 4, 2, WindowFunction.RECTANGULAR, true, true, mode, false));
    }

    private static float[] frame(Framer framer, float[] signal, int t) {
        float[] out = new float[framer.settings().nFft()];
        framer.frame(signal, 0, signal.length, t, out);
        return out;
    }

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        Framer framer = rectangular(PadMode.REFLECT);
        assertEquals(4, framer.frames(6));
        assertArrayEquals(new float[] {3, 2, 1, 2}, frame(framer, SIGNAL, 0));
        assertArrayEquals(new float[] {1, 2, 3, 4}, frame(framer, SIGNAL, 1));
        assertArrayEquals(new float[] {5, 6, 5, 4}, frame(framer, SIGNAL, 3));
    }

    @Test
    void edgePaddingRepeatsTheEdgeSample() {
        Framer framer = rectangular(PadMode.EDGE);
        assertArrayEquals(new float[] {1, 1, 1, 2}, frame(framer, SIGNAL, 0));
        assertArrayEquals(new float[] {5, 6, 6, 6}, frame(framer, SIGNAL, 3));
    }

    @Test
    void constantPaddingIsZeros() {
        Framer framer = rectangular(PadMode.CONSTANT);
        assertArrayEquals(new float[] {0, 0, 1, 2}, frame(framer, SIGNAL, 0));
        assertArrayEquals(new float[] {5, 6, 0, 0}, frame(framer, SIGNAL, 3));
    }

    @Test
    void reflectPaddingLongerThanTheSignalGoesOnReflectingAsNumpy() {
        Framer framer = new Framer(new StftSettings(8, 8, 2, WindowFunction.RECTANGULAR, true, true,
                PadMode.REFLECT, false));
        // np.pad([1, 2, 3], 4, mode="reflect") = [1 2 3 2 | 1 2 3 | 2 1 2 3]
        assertArrayEquals(new float[] {1, 2, 3, 2, 1, 2, 3, 2}, frame(framer, new float[] {1, 2, 3}, 0));
        assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7, 7, 7}, frame(framer, new float[] {7}, 0));
    }

    @Test
    void uncentredFramesStartAtMultiplesOfTheHopAndReadAnOffsetSignal() {
        Framer framer = new Framer(new StftSettings(4, 4, 2, WindowFunction.RECTANGULAR, true, false,
                PadMode.REFLECT, false));
        float[] shifted = {9, 9, 1, 2, 3, 4, 5, 6};
        float[] out = new float[4];
        assertEquals(2, framer.frames(6));
        framer.frame(shifted, 2, 6, 1, out);
        assertArrayEquals(new float[] {3, 4, 5, 6}, out);
    }

    @Test
    void aShortWindowIsCentredInTheFftSpanWithZerosAround() {
        Framer framer = new Framer(new StftSettings(8, 4, 4, WindowFunction.HANN, false, false,
                PadMode.REFLECT, false));
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        double[] w = WindowFunction.HANN.coefficients(4, false);
        float[] expected = {0, 0, (float) w[0], (float) w[1], (float) w[2], (float) w[3], 0, 0};
        float[] out = new float[8];
        Arrays.fill(out, 5f);
        framer.frame(ones, 0, 8, 0, out);
        assertArrayEquals(expected, out);
    }

    @Test
    void aNormalizedWindowHasUnitEnergy() {
        Framer framer = new Framer(StftSettings.of(64).withNormalized(true));
        double energy = 0;
        for (float w : framer.window()) {
            energy += w * w;
        }
        assertEquals(1.0, energy, 1e-6);
    }
}
