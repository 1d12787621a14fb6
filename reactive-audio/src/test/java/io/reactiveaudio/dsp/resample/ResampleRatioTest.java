package io.reactiveaudio.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResampleRatioTest {

    @ParameterizedTest(name = "{0} Hz to {1} Hz is {2}/{3}")
    @CsvSource({
            "44100, 16000, 160, 441",
            "48000, 16000,   1,   3",
            "16000,  8000,   1,   2",
            " 8000, 16000,   2,   1",
            "22050, 44100,   2,   1",
            "44100, 48000, 160, 147",
            "48000, 44100, 147, 160",
            "44100, 44100,   1,   1",
            "44101, 48000, 48000, 44101"})
    void isTheOutputToInputRateReducedByTheirGreatestCommonDivisor(int in, int out, int up, int down) {
        ResampleRatio ratio = new ResampleRatio(in, out);

        assertEquals(up, ratio.up());
        assertEquals(down, ratio.down());
    }

    @Test
    void isTheIdentityOnlyForEqualRates() {
        assertTrue(new ResampleRatio(16_000, 16_000).isIdentity());
        assertFalse(new ResampleRatio(16_000, 16_001).isIdentity());
    }

    @ParameterizedTest(name = "{2} frames at {0} Hz become {3} at {1} Hz")
    @CsvSource({
            "44100, 16000,      0,     0",
            "44100, 16000,      1,     1",
            "44100, 16000,    441,   160",
            "44100, 16000,    442,   161",
            "44100, 16000,  44100, 16000",
            "48000, 16000,      3,     1",
            "48000, 16000,      4,     2",
            " 8000, 16000,      5,    10",
            "44100, 48000,    147,   160",
            "44100, 48000,    148,   162",
            "44100, 44100,    777,   777"})
    void outputFramesCountTheOutputTimesWithinTheInputSpan(int in, int out, long inputFrames, long outputFrames) {
        assertEquals(outputFrames, new ResampleRatio(in, out).outputFrames(inputFrames));
    }

    @Test
    void outputFramesOfHoursOfAudioNeedNoIntArithmetic() {
        long tenHoursAt44k = 10L * 3600 * 44_100;

        assertEquals(10L * 3600 * 48_000, new ResampleRatio(44_100, 48_000).outputFrames(tenHoursAt44k));
    }

    @Test
    void rejectsRatesThatAreNotPositiveAndNegativeLengths() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ResampleRatio(0, 16_000));
        assertEquals("sample rates must be positive: inputRate 0 Hz, outputRate 16000 Hz", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResampleRatio(16_000, -1));
        assertThrows(IllegalArgumentException.class, () -> new ResampleRatio(16_000, 8_000).outputFrames(-1));
    }
}
