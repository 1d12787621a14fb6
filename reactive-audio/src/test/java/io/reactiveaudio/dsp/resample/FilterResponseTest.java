package io.reactiveaudio.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.dsp.fft.RealFft;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The designed filters' frequency responses, measured: the polyphase branches interleaved back
 * into the prototype lowpass at {@code up * inputRate}, zero-padded and transformed, its gain
 * read on a grid a few hertz fine from 0 Hz to the prototype's Nyquist frequency, against the
 * bounds {@link PolyphaseFilter} states: ripple within ±0.1 dB up to 0.9 × the lower Nyquist
 * frequency fN, and at least 90 dB down from fN to the prototype's Nyquist (which covers the
 * aliases of downsampling and the images of upsampling).
 */
class FilterResponseTest {

    @ParameterizedTest(name = "{0} Hz to {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "16000, 8000", "8000, 16000", "44100, 48000", "22050, 16000"})
    void thePassbandIsFlatWithinATenthOfADecibel(int in, int out) {
        Response response = Response.of(PolyphaseFilter.design(new ResampleRatio(in, out)));

        double rippleDb = response.maxDeviationDb(0, PolyphaseFilter.PASSBAND_EDGE * Math.min(in, out) / 2.0);

        assertTrue(rippleDb <= PolyphaseFilter.PASSBAND_RIPPLE_DB, "passband ripple ±" + rippleDb + " dB");
    }

    @ParameterizedTest(name = "{0} Hz to {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "16000, 8000", "8000, 16000", "44100, 48000", "22050, 16000"})
    void theStopbandIsAtLeast90DecibelsDown(int in, int out) {
        Response response = Response.of(PolyphaseFilter.design(new ResampleRatio(in, out)));

        double attenuationDb = -response.maxGainDb(Math.min(in, out) / 2.0, response.nyquistHz());

        assertTrue(attenuationDb >= PolyphaseFilter.STOPBAND_ATTENUATION_DB, "stopband " + attenuationDb + " dB down");
    }

    /** The prototype's gain (1 at DC) on a grid of {@code binHz}, from 0 Hz to its Nyquist frequency. */
    private record Response(double[] gain, double binHz) {

        static Response of(PolyphaseFilter filter) {
            int phases = filter.phases();
            int taps = filter.taps();
            float[] coefficients = filter.coefficients();
            // phase p, tap i sits at input time p / phases + pastTaps - i: in the prototype's
            // samples, (phases - 1 - p) + phases * i after a shift, which the magnitude ignores
            int length = phases * taps;
            int size = RealFft.powerOfTwoAtLeast(Math.max(1 << 16, 16 * length));
            double[] h = new double[size];
            for (int p = 0; p < phases; p++) {
                for (int i = 0; i < taps; i++) {
                    h[phases - 1 - p + phases * i] = coefficients[p * taps + i];
                }
            }
            DoubleFFT_1D fft = RealFft.plan(size);
            fft.realForward(h);
            double[] gain = new double[size / 2 + 1];
            gain[0] = Math.abs(h[0]) / phases;
            gain[size / 2] = Math.abs(h[1]) / phases;
            for (int k = 1; k < size / 2; k++) {
                gain[k] = Math.hypot(h[2 * k], h[2 * k + 1]) / phases;
            }
            return new Response(gain, (double) filter.ratio().inputRate() * phases / size);
        }

        double nyquistHz() {
            return (gain.length - 1) * binHz;
        }

        double maxDeviationDb(double fromHz, double toHz) {
            double worst = 0;
            for (int k = (int) Math.ceil(fromHz / binHz); k <= toHz / binHz; k++) {
                worst = Math.max(worst, Math.abs(20 * Math.log10(gain[k])));
            }
            return worst;
        }

        double maxGainDb(double fromHz, double toHz) {
            double worst = 0;
            for (int k = (int) Math.ceil(fromHz / binHz); k <= toHz / binHz && k < gain.length; k++) {
                worst = Math.max(worst, gain[k]);
            }
            return 20 * Math.log10(worst);
        }
    }
}
