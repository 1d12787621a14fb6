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
}
