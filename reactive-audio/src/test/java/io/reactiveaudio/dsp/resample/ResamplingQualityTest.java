package io.reactiveaudio.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.test.Signals;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What resampling does to sound, against the quality {@link PolyphaseFilter} states: a flat
 * passband, a deep stopband, preserved frequency and timing, and unit gain at DC.
 *
 * <p>Tones are measured by a least-squares fit on the steady-state part of the output, away from
 * the onset and end transients, which span {@code taps} input frames.
 */
class ResamplingQualityTest {

    private static final double AMPLITUDE = 0.5;
    private static final int[][] RATES = {{44_100, 16_000}, {48_000, 16_000}, {16_000, 8_000}, {8_000, 16_000},
        {44_100, 48_000}};

    static Stream<Arguments> passbandTones() {
        return Arrays.stream(RATES).flatMap(r -> Stream.of(0.02, 0.25, 0.5, 0.75, 0.9)
                .map(fraction -> Arguments.of(r[0], r[1], fraction)));
    }

    static Stream<Arguments> tonesAboveTheOutputNyquist() {
        return Arrays.stream(RATES).filter(r -> r[1] < r[0]).flatMap(r -> Stream.of(1.02, 1.1, 1.25, 1.4)
                .map(fraction -> Arguments.of(r[0], r[1], fraction)));
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz, tone at {2} x the lower Nyquist")
    @MethodSource("passbandTones")
    void passbandTonesKeepTheirLevelWithinATenthOfADecibel(int in, int out, double fraction) {
        double hz = fraction * Math.min(in, out) / 2;
        float[] output = PolyphaseResampler.resample(Signals.sine(in, 1, in / 4, hz, AMPLITUDE), 1, in, out);

        ToneFit tone = steadyState(output, hz, in, out);

        assertEquals(0, tone.gainDb(AMPLITUDE), PolyphaseFilter.PASSBAND_RIPPLE_DB);
    }

    /** For upsampling, what is not the tone holds its images above the input Nyquist frequency. */
    @ParameterizedTest(name = "{0} Hz to {1} Hz, tone at {2} x the lower Nyquist")
    @MethodSource("passbandTones")
    void everythingButAPassbandToneIsAtLeast90DecibelsDown(int in, int out, double fraction) {
        double hz = fraction * Math.min(in, out) / 2;
        float[] output = PolyphaseResampler.resample(Signals.sine(in, 1, in / 4, hz, AMPLITUDE), 1, in, out);

        ToneFit tone = steadyState(output, hz, in, out);

        assertTrue(tone.residualDb() <= -PolyphaseFilter.STOPBAND_ATTENUATION_DB,
                "residual at " + tone.residualDb() + " dB");
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz, tone at {2} x the output Nyquist")
    @MethodSource("tonesAboveTheOutputNyquist")
    void tonesAboveTheOutputNyquistAreAttenuatedByAtLeast90Decibels(int in, int out, double fraction) {
        double hz = fraction * out / 2;
        float[] output = PolyphaseResampler.resample(Signals.sine(in, 1, in / 4, hz, AMPLITUDE), 1, in, out);

        int edge = edgeFrames(in, out);
        double rms = 0;
        for (int k = edge; k < output.length - edge; k++) {
            rms += (double) output[k] * output[k];
        }
        rms = Math.sqrt(rms / (output.length - 2 * edge));
        double attenuationDb = 20 * Math.log10((AMPLITUDE / Math.sqrt(2)) / rms);

        assertTrue(attenuationDb >= PolyphaseFilter.STOPBAND_ATTENUATION_DB, "attenuated by " + attenuationDb + " dB");
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "16000, 8000", "8000, 16000", "44100, 48000"})
    void aToneKeepsItsFrequency(int in, int out) {
        float[] output = PolyphaseResampler.resample(Signals.sine(in, 1, in / 4, 997, AMPLITUDE), 1, in, out);

        int edge = edgeFrames(in, out);
        double first = Double.NaN;
        double last = Double.NaN;
        int crossings = 0;
        for (int k = edge; k + 1 < output.length - edge; k++) {
            if ((output[k] < 0) != (output[k + 1] < 0)) {
                double at = k + output[k] / (double) (output[k] - output[k + 1]);
                first = crossings == 0 ? at : first;
                last = at;
                crossings++;
            }
        }
        double hz = (crossings - 1) / 2.0 / ((last - first) / out);

        assertEquals(997, hz, 0.01);
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "16000, 8000", "8000, 16000", "44100, 48000"})
    void aClickLandsAtTheOutputTimeOfItsInputTime(int in, int out) {
        for (int click = 3_000; click < 3_003; click++) {
            float[] input = new float[6_000];
            input[click] = 1;
            float[] output = PolyphaseResampler.resample(input, 1, in, out);
            double expected = (double) click * out / in;

            int peak = 0;
            double sum = 0;
            double moment = 0;
            for (int k = 0; k < output.length; k++) {
                peak = output[k] > output[peak] ? k : peak;
                sum += output[k];
                moment += (double) k * output[k];
            }

            assertEquals(expected, peak, 0.5, "peak of the click at input frame " + click);
            assertEquals(expected, moment / sum, 0.01, "centre of the click at input frame " + click);
        }
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "16000, 8000", "8000, 16000", "44100, 48000", "11025, 16000",
        "48000, 44100"})
    void aConstantComesOutAsTheSameConstant(int in, int out) {
        float[] input = new float[in / 4];
        Arrays.fill(input, 1f);
        float[] output = PolyphaseResampler.resample(input, 1, in, out);

        int edge = edgeFrames(in, out);
        for (int k = edge; k < output.length - edge; k++) {
            assertEquals(1.0, output[k], 1e-6, "output frame " + k);
        }
    }

    private static ToneFit steadyState(float[] output, double hz, int in, int out) {
        int edge = edgeFrames(in, out);
        return ToneFit.of(output, edge, output.length - edge, hz, out);
    }

    /** Output frames within {@code taps} input frames of either end of the input. */
    private static int edgeFrames(int in, int out) {
        int taps = PolyphaseFilter.design(new ResampleRatio(in, out)).taps();
        return (int) Math.ceil((double) taps * out / in) + 1;
    }
}
