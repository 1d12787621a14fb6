package io.reactiveaudio.features.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Filters are triangles between mel-spaced edges, stored as their non-zero runs and applied sparsely. */
class MelFilterBankTest {

    @ParameterizedTest
    @EnumSource(MelScale.class)
    void scalesRoundTripAndMatchTheirFormulas(MelScale scale) {
        for (double hz : new double[] {0, 100, 999, 1000, 1001, 4000, 8000, 22050}) {
            assertEquals(hz, scale.toHz(scale.toMel(hz)), 1e-9 * (1 + hz));
        }
        assertEquals(scale == MelScale.HTK ? 2595 * Math.log10(1 + 1000 / 700.0) : 15, scale.toMel(1000), 1e-12);
    }

    @Test
    void unnormalizedFiltersPeakAtOneAndTouchOnlyTheirRun() {
        MelFilterBank bank = MelFilterBank.of(513, 0, 8000, 80, 16_000, MelNorm.NONE, MelScale.HTK);
        float[] dense = bank.dense();
        for (int m = 0; m < 80; m++) {
            float peak = 0;
            for (int k = 0; k < 513; k++) {
                float w = dense[k * 80 + m];
                boolean inRun = k >= bank.firstBin(m) && k < bank.firstBin(m) + bank.binCount(m);
                assertTrue(inRun || w == 0, "bin " + k + " outside filter " + m + "'s run");
                peak = Math.max(peak, w);
            }
            assertTrue(peak > 0.5 && peak <= 1, "filter " + m + " peaks at " + peak);
        }
    }

    @Test
    void sparseApplicationEqualsTheDenseProduct() {
        MelFilterBank bank = MelFilterBank.of(257, 30, 7000, 64, 16_000, MelNorm.SLANEY, MelScale.SLANEY);
        float[] spectrum = new float[257 + 3];
        SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < spectrum.length; k++) {
            spectrum[k] = (float) random.nextDouble();
        }
        float[] out = new float[64 * 2];
        bank.apply(spectrum, 3, out, 1, 2);
        float[] dense = bank.dense();
        for (int m = 0; m < 64; m++) {
            double sum = 0;
            for (int k = 0; k < 257; k++) {
                sum += dense[k * 64 + m] * spectrum[3 + k];
            }
            assertEquals(sum, out[1 + 2 * m], 1e-5 * sum, "filter " + m);
        }
    }

    @Test
    void slaneyNormDividesByHalfTheBandWidth() {
        MelFilterBank none = MelFilterBank.of(201, 0, 8000, 40, 16_000, MelNorm.NONE, MelScale.SLANEY);
        MelFilterBank slaney = MelFilterBank.of(201, 0, 8000, 40, 16_000, MelNorm.SLANEY, MelScale.SLANEY);
        double[] edges = MelFilterBank.edges(0, 8000, 40, MelScale.SLANEY);
        for (int m = 0; m < 40; m++) {
            int k = slaney.firstBin(m);
            assertEquals(none.weight(k, m) * 2 / (edges[m + 2] - edges[m]), slaney.weight(k, m), 1e-9);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MelFilterBank.of(201, 4000, 3000, 40, 16_000, MelNorm.NONE, MelScale.HTK));
        assertThrows(IllegalArgumentException.class,
                () -> MelFilterBank.of(201, 0, 8000, 0, 16_000, MelNorm.NONE, MelScale.HTK));
        assertThrows(IllegalArgumentException.class,
                () -> MelFilterBank.of(1, 0, 8000, 40, 16_000, MelNorm.NONE, MelScale.HTK));
    }

    @Test
    void filteringSpectraSideBySideGivesEachWhatFilteringItAloneGivesBitForBit() {
        MelFilterBank bank = MelFilterBank.of(201, 0, 8000, 80, 16_000, MelNorm.SLANEY, MelScale.SLANEY);
        int lanes = 7;
        SplittableRandom random = new SplittableRandom(3);
        float[] block = new float[201 * lanes];
        for (int i = 0; i < block.length; i++) {
            block[i] = (float) (random.nextDouble() * random.nextDouble() * 100);
        }
        int frames = 10;
        float[] rows = new float[80 * frames];
        float[] columns = new float[frames * 80];
        bank.applyLanes(block, lanes, rows, 2, frames, 1, new float[lanes]);
        bank.applyLanes(block, lanes, columns, 2 * 80, 1, 80, new float[lanes + 3]);
        for (int l = 0; l < lanes; l++) {
            float[] spectrum = new float[201];
            for (int k = 0; k < 201; k++) {
                spectrum[k] = block[k * lanes + l];
            }
            float[] alone = new float[80];
            bank.apply(spectrum, 0, alone, 0, 1);
            for (int m = 0; m < 80; m++) {
                assertEquals(Float.floatToIntBits(alone[m]),
                        Float.floatToIntBits(rows[2 + m * frames + l]), "(bins, frames): lane " + l + " mel " + m);
                assertEquals(Float.floatToIntBits(alone[m]),
                        Float.floatToIntBits(columns[(2 + l) * 80 + m]), "(frames, bins): lane " + l + " mel " + m);
            }
        }
    }
}
