package io.reactiveaudio.features.mfcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.db.AmplitudeToDb;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The DCT-II is orthonormal with ortho norm; the transform takes logs, applies the DCT and lifters. */
class DctTest {

    @Test
    void theFullOrthonormalMatrixIsOrthogonal() {
        Dct dct = new Dct(24, 24, DctNorm.ORTHO);
        for (int a = 0; a < 24; a++) {
            for (int b = 0; b < 24; b++) {
                double dot = 0;
                for (int n = 0; n < 24; n++) {
                    dot += dct.weight(n, a) * dct.weight(n, b);
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-6, a + "." + b);
            }
        }
        assertEquals(2 * Math.cos(Math.PI / 24 * 3.5 * 5), new Dct(6, 24, DctNorm.NONE).weight(3, 5), 1e-6);
    }

    @Test
    void aConstantFrameHasOnlyTheFirstCoefficient() {
        Dct dct = new Dct(13, 40, DctNorm.ORTHO);
        float[] ones = new float[40];
        Arrays.fill(ones, 1f);
        float[] out = new float[13];
        dct.apply(ones, 0, out, 0, 1);
        assertEquals(Math.sqrt(40), out[0], 1e-5);
        for (int k = 1; k < 13; k++) {
            assertEquals(0, out[k], 1e-5);
        }
    }

    @Test
    void logMelsAndTheLifterFollowTheirFormulas() {
        Dct dct = new Dct(4, 8, DctNorm.ORTHO);
        float[] mels = new float[16];
        for (int i = 0; i < 16; i++) {
            mels[i] = 1 + i;
        }
        float[] logs = new float[16];
        for (int i = 0; i < 16; i++) {
            logs[i] = (float) Math.log(mels[i] + MfccTransform.LOG_OFFSET);
        }
        float[] plain = new float[8];
        new MfccTransform(dct, true, AmplitudeToDb.power(), 0).apply(mels.clone(), 0, 2, plain, 0,
                FeatureLayout.FRAMES_BINS);
        float[] liftered = new float[8];
        new MfccTransform(dct, true, AmplitudeToDb.power(), 22).apply(mels.clone(), 0, 2, liftered, 0,
                FeatureLayout.BINS_FRAMES);
        float[] direct = new float[4];
        dct.apply(logs, 8, direct, 0, 1);
        for (int k = 0; k < 4; k++) {
            assertEquals(direct[k], plain[4 + k], 1e-5);
            assertEquals(direct[k] * (1 + 11 * Math.sin(Math.PI * k / 22)), liftered[k * 2 + 1], 1e-4);
        }
    }

    @Test
    void moreCoefficientsThanMelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dct(41, 40, DctNorm.ORTHO));
        assertThrows(IllegalArgumentException.class,
                () -> new MfccTransform(new Dct(4, 8, DctNorm.ORTHO), false, AmplitudeToDb.power(), -1));
    }
}
