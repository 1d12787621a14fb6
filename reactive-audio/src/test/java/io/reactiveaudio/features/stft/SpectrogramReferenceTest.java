package io.reactiveaudio.features.stft;

import io.reactiveaudio.features.Npy;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spectrograms match torchaudio's {@code transforms.Spectrogram} (float64, made by
 * {@code src/test/python/make_feature_fixtures.py}) within 1e-5 of the array's maximum.
 */
class SpectrogramReferenceTest {

    private static final float[] SIGNAL = Npy.resource("signal").floats();

    @ParameterizedTest(name = "n_fft {0}, center {1}")
    @CsvSource({"400, true", "400, false", "512, true", "512, false", "1024, true", "1024, false", "2048, true",
        "2048, false"})
    void powerSpectrumMatchesTorchaudio(int nFft, boolean center) {
        Spectrogram spectrogram = Spectrogram.builder().nFft(nFft).hopLength(160).center(center).build();
        Reference.assertWithinOfMax(Npy.resource("power_n" + nFft + "_c" + (center ? 1 : 0)),
                Reference.compute(spectrogram, SIGNAL), spectrogram.bins(), Reference.SPECTRUM_OF_MAX,
                spectrogram.toString());
    }

    @Test
    void magnitudeWithAShortWindowEdgePaddingAndNormalizationMatchesTorchaudio() {
        Spectrogram spectrogram = Spectrogram.builder().nFft(512).winLength(400).hopLength(160)
                .padMode(PadMode.EDGE).normalized(true).power(1).build();
        Reference.assertWithinOfMax(Npy.resource("magnitude_n512_w400_edge_normalized"),
                Reference.compute(spectrogram, SIGNAL), spectrogram.bins(), Reference.SPECTRUM_OF_MAX,
                spectrogram.toString());
    }
}
