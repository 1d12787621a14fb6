package io.reactiveaudio.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolyphaseFilterTest {

    @ParameterizedTest(name = "{0} Hz to {1} Hz: {2} phases of {3} taps")
    @CsvSource({
            "44100, 16000, 160, 340",
            "48000, 16000,   1, 367",
            "16000,  8000,   1, 245",
            " 8000, 16000,   2, 123",
            "44100, 48000, 160, 124"})
    void hasOnePhasePerInterpolationStepAndTapsForTheTransitionBand(int in, int out, int phases, int taps) {
        PolyphaseFilter filter = PolyphaseFilter.design(new ResampleRatio(in, out));

        assertEquals(phases, filter.phases());
        assertEquals(taps, filter.taps());
        assertEquals(phases * taps, filter.coefficients().length);
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz")
    @CsvSource({"44100, 16000", "16000, 8000", "8000, 16000", "44100, 48000", "11025, 16000"})
    void everyPhaseSumsToOneSoConstantsPassUnchanged(int in, int out) {
        PolyphaseFilter filter = PolyphaseFilter.design(new ResampleRatio(in, out));
        float[] coefficients = filter.coefficients();

        for (int p = 0; p < filter.phases(); p++) {
            double sum = 0;
            for (int i = 0; i < filter.taps(); i++) {
                sum += coefficients[p * filter.taps() + i];
            }
            assertEquals(1.0, sum, 3e-8, "phase " + p);
        }
    }

    @Test
    void bandEdgesAreFractionsOfTheLowerNyquistFrequency() {
        PolyphaseFilter down = PolyphaseFilter.design(new ResampleRatio(44_100, 16_000));
        PolyphaseFilter up = PolyphaseFilter.design(new ResampleRatio(8_000, 16_000));

        assertEquals(7_200, down.passbandEdgeHz(), 1e-9);
        assertEquals(8_000, down.stopbandEdgeHz(), 0);
        assertEquals(3_600, up.passbandEdgeHz(), 1e-9);
        assertEquals(4_000, up.stopbandEdgeHz(), 0);
    }

    @Test
    void forEqualRatesIsTheUnitImpulse() {
        PolyphaseFilter identity = PolyphaseFilter.design(new ResampleRatio(22_050, 22_050));

        assertEquals(1, identity.phases());
        assertEquals(1, identity.taps());
        assertArrayEquals(new float[] {1f}, identity.coefficients());
    }

    @Test
    void rejectsRatiosWhoseTableWouldNotFitAnArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolyphaseFilter.design(new ResampleRatio(2_000_000_001, 1_000_000_000)));

        assertTrue(e.getMessage().startsWith("2000000001 Hz to 1000000000 Hz needs 1000000000 phases of "),
                e.getMessage());
    }
}
