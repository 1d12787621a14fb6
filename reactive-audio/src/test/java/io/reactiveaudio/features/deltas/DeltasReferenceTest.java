package io.reactiveaudio.features.deltas;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.Npy;
import io.reactiveaudio.features.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deltas match torchaudio's {@code compute_deltas} (replicate padding) of the same MFCCs within 2e-3. */
class DeltasReferenceTest {

    @ParameterizedTest(name = "win_length {0}")
    @CsvSource({"5", "9"})
    void deltasOfMfccsMatchTorchaudio(int winLength) {
        Npy mfcc = Npy.resource("mfcc13_n400_m40");
        int bins = mfcc.shape()[0];
        int frames = mfcc.shape()[1];
        float[] out = new float[bins * frames];
        new Deltas(winLength).apply(mfcc.floats(), 0, bins, frames, FeatureLayout.BINS_FRAMES, out, 0);
        Reference.assertWithin(Npy.resource("deltas_w" + winLength + "_mfcc13_n400_m40"), out, bins,
                Reference.DB_ABSOLUTE, "win_length " + winLength);
    }
}
