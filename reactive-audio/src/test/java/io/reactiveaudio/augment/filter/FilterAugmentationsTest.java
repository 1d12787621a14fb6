package io.reactiveaudio.augment.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.dsp.biquad.ButterworthFilter;
import io.reactiveaudio.test.Signals;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterAugmentationsTest {

    private static final int RATE = 16_000;

    /** Gain in dB of a filter augmentation on a sine of {@code hz} for an item, and what it recorded. */
    private static double gainDb(Augmentation filter, long item, double hz, Applied[] record) {
        float[] tone = Signals.sine(RATE, 1, RATE, hz, 0.5);
        float[] out = tone.clone();
        AugmentContext context = AugmentContext.forItem(5, 0, item, 0);
        filter.apply(Audio.mono(out, RATE), context);
        record[0] = context.applied().get(0);
        double in = 0;
        double filtered = 0;
        for (int i = RATE / 2; i < RATE; i++) {
            in += (double) tone[i] * tone[i];
            filtered += (double) out[i] * out[i];
        }
        return 10 * Math.log10(filtered / in);
    }

    @Test
    void aLowPassIsThreeDecibelsDownAtItsRecordedCutoff() {
        Applied[] record = new Applied[1];
        for (long item = 0; item < 5; item++) {
            CutoffFilter filter = CutoffFilter.lowPass(500, 4_000).rolloff(12, 36);
            gainDb(filter, item, 1_000, record);
            double cutoff = record[0].get("cutoff_hz");
            assertTrue(cutoff >= 500 && cutoff <= 4_000);
            assertEquals(-3.01, gainDb(filter, item, cutoff, record), 0.05);
        }
    }

    @Test
    void aHighPassIsThreeDecibelsDownAtItsRecordedCutoff() {
        Applied[] record = new Applied[1];
        gainDb(CutoffFilter.highPass(200, 2_000), 3, 1_000, record);
        assertEquals(-3.01, gainDb(CutoffFilter.highPass(200, 2_000), 3, record[0].get("cutoff_hz"), record), 0.05);
    }

    @Test
    void eachPassRecordsItsOwnNameAndDrawsWithinItsDefaults() {
        Applied[] record = new Applied[1];
        for (long item = 0; item < 20; item++) {
            gainDb(CutoffFilter.lowPassDefaults(), item, 1_000, record);
            assertEquals("LowPass", record[0].transform());
            assertTrue(record[0].get("cutoff_hz") >= 150 && record[0].get("cutoff_hz") <= 7_500);
            gainDb(CutoffFilter.highPassDefaults(), item, 1_000, record);
            assertEquals("HighPass", record[0].transform());
            assertTrue(record[0].get("cutoff_hz") >= 20 && record[0].get("cutoff_hz") <= 2_400);
        }
    }

    @Test
    void aCutoffAboveNyquistIsCappedJustBelowIt() {
        Applied[] record = new Applied[1];
        gainDb(CutoffFilter.highPass(9_000, 9_000), 0, 1_000, record);
        assertEquals(0.499 * RATE, record[0].get("cutoff_hz"));
    }

    @Test
    void aBandPassPassesItsCentreAndCutsAnOctaveOutside() {
        Applied[] record = new Applied[1];
        BandPass filter = BandPass.of(1_000, 1_000, 0.5, 0.5).rolloff(24, 24);
        double edges = ButterworthFilter.highPass(750, RATE, 4).responseDb(1_000)
                + ButterworthFilter.lowPass(1_250, RATE, 4).responseDb(1_000);
        assertEquals(edges, gainDb(filter, 0, 1_000, record), 0.05);
        assertTrue(edges > -1.5, "the centre passes");
        assertEquals(24, record[0].get("rolloff"));
        assertTrue(gainDb(filter, 0, 300, record) < -30);
        assertTrue(gainDb(filter, 0, 3_000, record) < -30);
    }

    @Test
    void slopesAreDrawnAmongTheMultiplesOfTwelveInTheRange() {
        Set<Double> slopes = new HashSet<>();
        Applied[] record = new Applied[1];
        for (long item = 0; item < 40; item++) {
            gainDb(CutoffFilter.lowPassDefaults(), item, 1_000, record);
            slopes.add(record[0].get("rolloff"));
        }
        assertEquals(Set.of(12.0, 24.0), slopes);
        assertThrows(IllegalArgumentException.class, () -> CutoffFilter.lowPass(100, 200).rolloff(13, 23));
        assertThrows(IllegalArgumentException.class, () -> CutoffFilter.lowPass(300, 200));
    }
}
