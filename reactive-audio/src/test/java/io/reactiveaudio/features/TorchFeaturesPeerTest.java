package io.reactiveaudio.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.features.mel.MelFilterBank;
import io.reactiveaudio.features.mel.MelNorm;
import io.reactiveaudio.features.mel.MelScale;
import io.reactiveaudio.features.mel.MelSpectrogram;
import io.reactiveaudio.features.mfcc.Dct;
import io.reactiveaudio.features.mfcc.DctNorm;
import io.reactiveaudio.features.mfcc.Mfcc;
import io.reactiveaudio.features.stft.Spectrogram;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The extractors match the reference arrays of the torchaudio peer ({@code shared/peers/torch_features.py
 * --no-timing}, written to {@code $REF}, default {@code /tmp/ra-ref}; see its {@code REFERENCE.md}) on
 * its input: n_fft 1024, hop 160, 80 mels at 16 kHz, all four scale and norm combinations. Skipped
 * when the peer's arrays are absent.
 */
class TorchFeaturesPeerTest {

    private static Path ref;
    private static float[] input;

    @BeforeAll
    static void readInput() throws IOException {
        ref = Path.of(System.getenv().getOrDefault("REF", "/tmp/ra-ref"));
        assumeTrue(Files.isRegularFile(ref.resolve("input.wav")) && Files.isRegularFile(ref.resolve("power_spec.npy")),
                "no peer reference arrays in " + ref + " (run /usr/bin/python3 shared/peers/torch_features.py"
                        + " --no-timing)");
        input = pcm16(Files.readAllBytes(ref.resolve("input.wav")));
        assertEquals(32_000, input.length);
    }

    @Test
    void powerSpectrum() {
        Spectrogram spectrogram = Spectrogram.builder().nFft(1024).hopLength(160).build();
        Reference.assertWithinOfMax(peer("power_spec"), Reference.compute(spectrogram, input), 513,
                Reference.SPECTRUM_OF_MAX, "power_spec");
    }

    @Test
    void orthonormalDct() {
        Dct dct = new Dct(40, 80, DctNorm.ORTHO);
        float[] matrix = new float[80 * 40];
        for (int n = 0; n < 80; n++) {
            for (int k = 0; k < 40; k++) {
                matrix[n * 40 + k] = dct.weight(n, k);
            }
        }
        Reference.assertWithin(peer("dct_ortho_80x40"), matrix, 80, 1e-6, "dct");
    }

    @ParameterizedTest(name = "{0} scale, {1} norm")
    @CsvSource({"HTK, NONE", "HTK, SLANEY", "SLANEY, NONE", "SLANEY, SLANEY"})
    void filterBankMelLogMelAndMfcc(MelScale scale, MelNorm norm) {
        String tag = scale.name().toLowerCase() + "_norm" + norm.name().toLowerCase();
        MelFilterBank bank = MelFilterBank.of(513, 0, 8000, 80, 16_000, norm, scale);
        Reference.assertWithin(peer("fbank_" + tag), bank.dense(), 513, Reference.FBANK_ABSOLUTE, "fbank " + tag);

        MelSpectrogram mel = MelSpectrogram.builder().nFft(1024).hopLength(160).nMels(80).melScale(scale).norm(norm)
                .build();
        Reference.assertWithinOfMax(peer("mel_" + tag), Reference.compute(mel, input), 80, Reference.SPECTRUM_OF_MAX,
                "mel " + tag);

        LogMel logMel = LogMel.builder().nFft(1024).hopLength(160).nMels(80).melScale(scale).norm(norm).topDb(80)
                .build();
        Reference.assertWithin(peer("logmel_db_" + tag), Reference.compute(logMel, input), 80,
                Reference.DB_ABSOLUTE, "logmel " + tag);

        Mfcc mfcc = Mfcc.builder().nMfcc(40).nFft(1024).hopLength(160).nMels(80).melScale(scale).norm(norm).build();
        Reference.assertWithin(peer("mfcc40_" + tag), Reference.compute(mfcc, input), 40, Reference.DB_ABSOLUTE,
                "mfcc " + tag);
    }

    private static Npy peer(String name) {
        return Npy.file(ref.resolve(name + ".npy"));
    }

    /** The samples of a mono 16-bit PCM WAV file, over 32768. */
    private static float[] pcm16(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= wav.length) {
            String id = new String(wav, at, 4, StandardCharsets.US_ASCII);
            int size = in.getInt(at + 4);
            if (id.equals("fmt ")) {
                assertEquals(1, in.getShort(at + 8), "PCM");
                assertEquals(1, in.getShort(at + 10), "mono");
                assertEquals(16, in.getShort(at + 22), "16-bit");
            } else if (id.equals("data")) {
                float[] out = new float[size / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = in.getShort(at + 8 + 2 * i) / 32768f;
                }
                return out;
            }
            at += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("no data chunk");
    }
}
