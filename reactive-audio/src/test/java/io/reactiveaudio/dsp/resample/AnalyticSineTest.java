package io.reactiveaudio.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sine resampled matches the same sine computed at the output rate: output frame {@code k} is
 * the input at time {@code k * in / out}, so {@code A sin(2 pi f k / out + phi)} is the exact
 * answer, and the error, gain ripple and aliases and rounding together, must be at least 90 dB
 * below it (away from the ends, where the filter sees the silence before and after).
 */
class AnalyticSineTest {

    private static final double AMPLITUDE = 0.8;
    private static final double PHASE = 0.3;

    @ParameterizedTest(name = "{2} Hz from {0} Hz to {1} Hz")
    @CsvSource({
            "44100, 16000,  100", "44100, 16000,  997", "44100, 16000, 3000", "44100, 16000, 7100",
            "48000, 16000,  440", "48000, 16000, 5000", "48000, 16000, 7100",
            "16000,  8000,  440", "16000,  8000, 2500", "16000,  8000, 3550",
            " 8000, 16000, 1000", "44100, 48000, 12345"})
    void matchesTheAnalyticSineToAtLeast90Decibels(int in, int out, double hz) {
        int seconds = 1;
        float[] input = new float[in * seconds];
        for (int n = 0; n < input.length; n++) {
            input[n] = (float) (AMPLITUDE * Math.sin(2 * Math.PI * hz * n / in + PHASE));
        }

        float[] output = PolyphaseResampler.resample(input, 1, in, out);

        int taps = PolyphaseFilter.design(new ResampleRatio(in, out)).taps();
        int edge = (int) Math.ceil((double) taps * out / in) + 1;
        double signal = 0;
        double error = 0;
        for (int k = edge; k < output.length - edge; k++) {
            double expected = AMPLITUDE * Math.sin(2 * Math.PI * hz * k / out + PHASE);
            signal += expected * expected;
            error += (output[k] - expected) * (output[k] - expected);
        }
        double snrDb = 10 * Math.log10(signal / error);

        assertTrue(snrDb >= 90, "SNR " + snrDb + " dB");
    }
}
