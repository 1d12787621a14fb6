package io.reactiveaudio.features.mfcc;

import io.reactiveaudio.features.Npy;
import io.reactiveaudio.features.Reference;
import io.reactiveaudio.features.mel.MelNorm;
import io.reactiveaudio.features.mel.MelScale;
import org.junit.jupiter.api.Test;

/**
 * MFCCs match torchaudio's {@code transforms.MFCC} (DCT-II ortho, float64, made by
 * {@code src/test/python/make_feature_fixtures.py}) within 2e-3.
 */
class MfccReferenceTest {

    private static final float[] SIGNAL = Npy.resource("signal").floats();

    @Test
    void thirteenCoefficientsOfFortyMelsInDecibelsMatchTorchaudio() {
        Mfcc mfcc = Mfcc.builder().nMfcc(13).nFft(400).hopLength(160).nMels(40).build();
        Reference.assertWithin(Npy.resource("mfcc13_n400_m40"), Reference.compute(mfcc, SIGNAL), 13,
                Reference.DB_ABSOLUTE, mfcc.toString());
    }

    @Test
    void thirteenCoefficientsOfNaturalLogMelsMatchTorchaudio() {
        Mfcc mfcc = Mfcc.builder().nMfcc(13).nFft(400).hopLength(160).nMels(40).logMels(true).build();
        Reference.assertWithin(Npy.resource("mfcc13_n400_m40_logmels"), Reference.compute(mfcc, SIGNAL), 13,
                Reference.DB_ABSOLUTE, mfcc.toString());
    }

    @Test
    void fortyCoefficientsOfSlaneyMelsMatchTorchaudio() {
        Mfcc mfcc = Mfcc.builder().nMfcc(40).nFft(1024).hopLength(160).nMels(80).melScale(MelScale.SLANEY)
                .norm(MelNorm.SLANEY).build();
        Reference.assertWithin(Npy.resource("mfcc40_n1024_m80_slaney_slaney"), Reference.compute(mfcc, SIGNAL), 40,
                Reference.DB_ABSOLUTE, mfcc.toString());
    }
}
