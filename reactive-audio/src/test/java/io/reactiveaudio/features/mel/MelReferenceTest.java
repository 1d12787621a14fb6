package io.reactiveaudio.features.mel;

import io.reactiveaudio.features.Npy;
import io.reactiveaudio.features.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Filter banks, mel and log-mel spectrograms match torchaudio's ({@code melscale_fbanks},
 * {@code MelSpectrogram}, {@code AmplitudeToDB} in float64, made by
 * {@code src/test/python/make_feature_fixtures.py}): filter banks within 1e-6, mels within 1e-5 of
 * the array's maximum, log-mels within 2e-3 dB (Whisper's scale, a fortieth of the decibels: within 5e-5).
 */
class MelReferenceTest {

    private static final float[] SIGNAL = Npy.resource("signal").floats();

    @ParameterizedTest(name = "{0} scale, {1} norm")
    @CsvSource({"HTK, NONE", "HTK, SLANEY", "SLANEY, NONE", "SLANEY, SLANEY"})
    void filterBankMatchesTorchaudio(MelScale scale, MelNorm norm) {
        MelFilterBank bank = MelFilterBank.of(201, 20, 7600, 40, 16_000, norm, scale);
        Npy expected = Npy.resource("fbank_n400_m40_" + lower(scale) + "_" + lower(norm));
        Reference.assertWithin(expected, bank.dense(), 201, Reference.FBANK_ABSOLUTE, scale + " " + norm);
    }

    @ParameterizedTest(name = "n_fft {0}, center {1}, {3} mels, {4} scale, {5} norm")
    @CsvSource({
        "400, true, 1, 40, HTK, NONE", "400, false, 0, 40, HTK, NONE",
        "512, true, 1, 64, SLANEY, SLANEY", "512, false, 0, 64, SLANEY, SLANEY",
        "1024, true, 1, 80, HTK, SLANEY", "1024, false, 0, 80, HTK, SLANEY",
        "2048, true, 1, 80, SLANEY, NONE", "2048, false, 0, 80, SLANEY, NONE"})
    void melSpectrogramMatchesTorchaudio(int nFft, boolean center, int c, int mels, MelScale scale, MelNorm norm) {
        MelSpectrogram mel = MelSpectrogram.builder().nFft(nFft).hopLength(160).center(center).nMels(mels)
                .melScale(scale).norm(norm).build();
        Npy expected = Npy.resource("mel_n" + nFft + "_c" + c + "_m" + mels + "_" + lower(scale) + "_" + lower(norm));
        Reference.assertWithinOfMax(expected, Reference.compute(mel, SIGNAL), mels, Reference.SPECTRUM_OF_MAX,
                mel.toString());
    }

    @ParameterizedTest(name = "n_fft {0}, {1} scale, {2} norm")
    @CsvSource({"1024, HTK, NONE", "512, SLANEY, SLANEY"})
    void logMelWithTopDbMatchesTorchaudio(int nFft, MelScale scale, MelNorm norm) {
        LogMel logMel = LogMel.builder().nFft(nFft).hopLength(160).nMels(80).melScale(scale).norm(norm).topDb(80)
                .build();
        Npy expected = Npy.resource("logmel_n" + nFft + "_m80_" + lower(scale) + "_" + lower(norm) + "_top80");
        Reference.assertWithin(expected, Reference.compute(logMel, SIGNAL), 80, Reference.DB_ABSOLUTE,
                logMel.toString());
    }

    @Test
    void whisperScaledLogMelMatchesWhispersFormulaOnTorchaudiosMel() {
        LogMel whisper = LogMel.builder().nFft(400).hopLength(160).nMels(80).whisperScale(true).build();
        Npy expected = Npy.resource("whisper_logmel_n400_m80");
        Reference.assertWithin(expected, Reference.compute(whisper, SIGNAL), 80, Reference.DB_ABSOLUTE / 40,
                whisper.toString());
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase();
    }
}
