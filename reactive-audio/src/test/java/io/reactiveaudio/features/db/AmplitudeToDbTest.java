package io.reactiveaudio.features.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Decibels as torchaudio's amplitude_to_DB: multiplier, ref, amin, and top_db over the whole range. */
class AmplitudeToDbTest {

    @Test
    void powerIsTenLog10AndMagnitudeTwentyLog10() {
        float[] power = {1, 10, 100, 0.001f};
        AmplitudeToDb.power().apply(power, 0, 4);
        assertArrayEquals(new float[] {0, 10, 20, -30}, power, 1e-5f);
        float[] magnitude = {1, 10, 100};
        AmplitudeToDb.magnitude().apply(magnitude, 0, 3);
        assertArrayEquals(new float[] {0, 20, 40}, magnitude, 1e-5f);
        assertEquals(10, AmplitudeToDb.ofExponent(2).multiplier());
        assertEquals(20, AmplitudeToDb.ofExponent(1).multiplier());
    }

    @Test
    void aminFloorsTheInputAndRefShiftsZero() {
        float[] values = {0, 100};
        AmplitudeToDb.power().amin(1e-6).ref(10).apply(values, 0, 2);
        assertArrayEquals(new float[] {-70, 10}, values, 1e-4f);
    }

    @Test
    void topDbClampsToTheMaximumOfTheWholeRangeOnly() {
        float[] values = {7, 1e4f, 1e-12f, 1, 123};
        AmplitudeToDb.power().topDb(30).apply(values, 1, 3);
        assertArrayEquals(new float[] {7, 40, 10, 10, 123}, values, 1e-4f);
        assertTrue(AmplitudeToDb.power().topDb(80).hasTopDb());
        assertFalse(AmplitudeToDb.power().topDb(80).withoutTopDb().hasTopDb());
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AmplitudeToDb.power().amin(0));
        assertThrows(IllegalArgumentException.class, () -> AmplitudeToDb.power().ref(-1));
        assertThrows(IllegalArgumentException.class, () -> AmplitudeToDb.power().topDb(-1));
        assertThrows(IllegalArgumentException.class, () -> AmplitudeToDb.power().topDb(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AmplitudeToDb.ofExponent(0));
    }

    @Test
    void itsLogarithmIsMathsWithin1e11OverEveryBinadeAndFallsBackOutsideTheNormals() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            float x = Float.intBitsToFloat(0x0080_0000 + random.nextInt(0x7f00_0000 - 0x0080_0000));
            worst = Math.max(worst, Math.abs(AmplitudeToDb.log10(x) - Math.log10(x)));
        }
        for (float x : new float[] {1f, 2f, 0.5f, 10f, 1e-10f, 1.4142135f, 1.4142137f, 0.70710677f, Float.MIN_NORMAL,
            Float.MAX_VALUE}) {
            worst = Math.max(worst, Math.abs(AmplitudeToDb.log10(x) - Math.log10(x)));
        }
        assertTrue(worst < 1e-11, "worst |log10 - Math.log10|: " + worst);
        for (float x : new float[] {0f, Float.MIN_VALUE, 1e-40f, Float.POSITIVE_INFINITY, Float.NaN, -1f}) {
            assertEquals(Math.log10(x), AmplitudeToDb.log10(x), "at " + x);
        }
    }
}
