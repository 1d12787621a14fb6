package io.reactiveaudio.augment.time;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpeedPerturbTest {

    private static final int RATE = 44_100;
    private static final int FRAMES = 2 * RATE;

    @Test
    void aFactorMultipliesTheFrequencyAndDividesTheLength() {
        for (double factor : new double[] {0.9, 1.1, 1.37}) {
            Audio out = SpeedPerturb.factors(factor).apply(Tones.stereoSine(440, FRAMES, RATE), AugmentContext.forItem(1, 0, 0, 0));
            assertEquals(Math.round(FRAMES / factor), out.frames(), "factor " + factor);
            double hz = Tones.frequencyHz(out, 0, RATE / 10, out.frames() - RATE / 10);
            assertEquals(440 * factor, hz, 440 * factor * 0.005, "factor " + factor);
            assertTrue(Tones.rightIsHalfLeft(out), "channels resampled alike");
        }
    }

    @Test
    void leavingTheLengthUnchangedCutsOrPadsWithSilenceAtTheEnd() {
        Audio in = Tones.stereoSine(440, 10_000, RATE);
        Audio free = SpeedPerturb.factors(1.25).apply(new Audio(in.samples().clone(), 10_000, 2, RATE),
                AugmentContext.forItem(1, 0, 0, 0));
        Audio faster = SpeedPerturb.factors(1.25).leaveLengthUnchanged(true).apply(in, AugmentContext.forItem(1, 0, 0, 0));
        assertEquals(10_000, faster.frames());
        assertArrayEquals(free.samples(), Arrays.copyOf(faster.samples(), free.samples().length), 0f);
        assertArrayEquals(new float[2 * 2_000], Arrays.copyOfRange(faster.samples(), 2 * 8_000, 2 * 10_000), 0f);
        Audio slower = SpeedPerturb.factors(0.8).leaveLengthUnchanged(true)
                .apply(Tones.stereoSine(440, 10_000, RATE), AugmentContext.forItem(1, 0, 0, 0));
        assertEquals(10_000, slower.frames());
    }

    @Test
    void factorOneLeavesTheAudioUntouched() {
        Audio in = Tones.stereoSine(440, 1_000, RATE);
        AugmentContext context = AugmentContext.forItem(1, 0, 0, 0);
        assertSame(in, SpeedPerturb.factors(1.0).apply(in, context));
        assertEquals(1.0, context.applied().get(0).get("factor"));
    }

    @Test
    void theDefaultsDrawEveryFactorOfTheSetAndRecordIt() {
        Set<Double> seen = new HashSet<>();
        for (long item = 0; item < 40; item++) {
            AugmentContext context = AugmentContext.forItem(7, 0, item, 0);
            Audio out = SpeedPerturb.defaults().apply(Tones.stereoSine(440, 11_000, RATE), context);
            double factor = context.applied().get(0).get("factor");
            seen.add(factor);
            assertEquals(Math.round(11_000 / factor), out.frames());
        }
        assertEquals(Set.of(0.9, 1.0, 1.1), seen);
    }

    @Test
    void aRangeDrawsFactorsQuantisedToAThousandthAndKeepsFewFilters() {
        for (long item = 0; item < 2 * FilterCache.CAPACITY; item++) {
            AugmentContext context = AugmentContext.forItem(3, 0, item, 0);
            SpeedPerturb.range(0.8, 1.2).apply(Tones.stereoSine(440, 2_000, RATE), context);
            double factor = context.applied().get(0).get("factor");
            assertTrue(factor >= 0.8 && factor <= 1.2, "factor " + factor);
            assertEquals(factor, Math.round(factor * 1000) / 1000.0, 0);
        }
        assertTrue(FilterCache.size() <= FilterCache.CAPACITY, "cached filters: " + FilterCache.size());
    }

    @Test
    void invalidFactorsAreRefusedWithTheirValues() {
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> SpeedPerturb.factors(0.9, 3));
        assertTrue(high.getMessage().contains("factor") && high.getMessage().contains("3.0"), high.getMessage());
        assertThrows(IllegalArgumentException.class, SpeedPerturb::factors);
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturb.factors(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturb.range(0.4, 1));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturb.range(1.1, 0.9));
    }
}
