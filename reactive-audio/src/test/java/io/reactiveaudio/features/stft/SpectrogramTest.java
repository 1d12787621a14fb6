package io.reactiveaudio.features.stft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.features.WindowFunction;
import io.reactiveaudio.features.stage.NaiveSpectrogram;
import io.reactiveaudio.test.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FFT spectrogram equals the textbook DFT for every framing: centred or not, each pad mode,
 * windows shorter than n_fft, odd sizes, power and magnitude, both layouts.
 */
class SpectrogramTest {

    private static final float[] NOISE = Signals.noise(7, 16_000, 1, 1_000, 0.5);

    @ParameterizedTest
    @CsvSource({
        "64, 64, 16, true, REFLECT, HANN, false",
        "64, 40, 16, true, CONSTANT, HAMMING, false",
        "64, 64, 10, true, EDGE, BLACKMAN, true",
        "64, 33, 7, false, REFLECT, HANN, false",
        "45, 45, 11, true, REFLECT, HANN, false",
        "45, 30, 11, false, REFLECT, RECTANGULAR, true",
        "400, 400, 160, true, REFLECT, HANN, false"})
    void powerSpectrumEqualsTheTextbookDft(int nFft, int win, int hop, boolean center, PadMode pad,
                                           WindowFunction window, boolean normalized) {
        StftSettings settings = new StftSettings(nFft, win, hop, window, true, center, pad, normalized);
        for (FeatureLayout layout : FeatureLayout.values()) {
            float[] expected = compute(NaiveSpectrogram.of(settings), NOISE, layout);
            float[] actual = compute(Spectrogram.of(settings, 2), NOISE, layout);
            assertClose(expected, actual, 1e-5, settings + " " + layout);
        }
    }

    @Test
    void magnitudeIsTheSquareRootOfPower() {
        StftSettings settings = StftSettings.of(128).withHopLength(32);
        float[] power = compute(Spectrogram.of(settings, 2), NOISE, FeatureLayout.BINS_FRAMES);
        float[] magnitude = compute(Spectrogram.of(settings, 1), NOISE, FeatureLayout.BINS_FRAMES);
        float[] cubed = compute(Spectrogram.of(settings, 3), NOISE, FeatureLayout.BINS_FRAMES);
        for (int i = 0; i < power.length; i++) {
            assertEquals(Math.sqrt(power[i]), magnitude[i], 1e-5 * (1 + magnitude[i]));
            assertEquals(Math.pow(power[i], 1.5), cubed[i], 1e-5 * (1 + cubed[i]));
        }
    }

    @ParameterizedTest
    @CsvSource({"64", "45"})
    void complexBinsHaveTheDftsPhase(int nFft) {
        StftSettings settings = new StftSettings(nFft, nFft, 16, WindowFunction.HANN, true, false, PadMode.REFLECT,
                false);
        Framer framer = new Framer(settings);
        float[] frame = new float[nFft];
        framer.frame(NOISE, 0, NOISE.length, 3, frame);
        float[] bins = new float[2 * settings.bins()];
        new Stft(framer).complex(NOISE, 0, NOISE.length, 3, bins, 0);
        for (int k = 0; k < settings.bins(); k++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < nFft; n++) {
                re += frame[n] * Math.cos(2 * Math.PI * k * n / nFft);
                im -= frame[n] * Math.sin(2 * Math.PI * k * n / nFft);
            }
            assertEquals(re, bins[2 * k], 1e-4, "re " + k);
            assertEquals(im, bins[2 * k + 1], 1e-4, "im " + k);
        }
    }

    @Test
    void defaultsAreTorchaudios() {
        Spectrogram spectrogram = Spectrogram.builder().build();
        assertEquals(new StftSettings(400, 400, 200, WindowFunction.HANN, true, true, PadMode.REFLECT, false),
                spectrogram.stft());
        assertEquals(2.0, spectrogram.power());
        assertEquals(201, spectrogram.bins());
        assertEquals(80, Spectrogram.builder().nFft(1024).winLength(160).build().stft().hopLength());
        assertTrue(spectrogram.frameLocal());
    }

    @Test
    void badSettingsAreRefusedWithTheirTorchaudioName() {
        assertMessage("n_fft", () -> Spectrogram.builder().nFft(1).build());
        assertMessage("win_length", () -> Spectrogram.builder().nFft(256).winLength(512).build());
        assertMessage("hop_length", () -> Spectrogram.builder().hopLength(0));
        assertMessage("power", () -> Spectrogram.builder().power(0));
        assertMessage("power", () -> Spectrogram.builder().power(Double.NaN));
    }

    @Test
    void aTooSmallOutputIsRefused() {
        FeatureExtractor.Worker worker = Spectrogram.builder().nFft(64).build().newWorker();
        assertThrows(IllegalArgumentException.class,
                () -> worker.compute(NOISE, 0, NOISE.length, new float[10], 0, FeatureLayout.BINS_FRAMES));
    }

    static void assertMessage(String word, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(word), e.getMessage());
    }

    static float[] compute(FeatureExtractor extractor, float[] signal, FeatureLayout layout) {
        float[] out = new float[extractor.bins() * extractor.frames(signal.length)];
        extractor.newWorker().compute(signal, 0, signal.length, out, 0, layout);
        return out;
    }

    /** Every value within {@code tolerance} of the expected array's maximum. */
    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        float max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * max, what + " at " + i);
        }
    }
}
