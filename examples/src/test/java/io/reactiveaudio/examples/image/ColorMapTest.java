package io.reactiveaudio.examples.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColorMapTest {

    private final ColorMap map = ColorMap.EMBER;

    @Test
    void endsAreTheFirstAndLastControlColours() {
        assertEquals(0x0c0a20, map.rgb(0));
        assertEquals(0xfbe68a, map.rgb(1));
    }

    @Test
    void lightnessRisesStrictlyAndEvenlyWithTheValue() {
        double first = ColorMap.lightness(map.rgb(0));
        double last = ColorMap.lightness(map.rgb(1));
        double previous = -1;
        for (int i = 0; i <= 64; i++) {
            double v = i / 64.0;
            double lightness = ColorMap.lightness(map.rgb(v));
            assertTrue(lightness > previous, "lightness at " + v);
            assertEquals(first + v * (last - first), lightness, 0.01, "lightness linear in the value at " + v);
            previous = lightness;
        }
        assertTrue(last - first > 0.75, "spans most of the lightness range: " + first + " .. " + last);
    }

    @Test
    void neighbouringValuesGetNeighbouringColours() {
        for (int i = 1; i <= 256; i++) {
            int a = map.rgb((i - 1) / 256.0);
            int b = map.rgb(i / 256.0);
            for (int shift = 0; shift <= 16; shift += 8) {
                assertTrue(Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)) <= 6, "step at " + i);
            }
        }
    }

    @Test
    void valuesOutsideTheUnitRangeAndNanAreClamped() {
        assertEquals(map.rgb(0), map.rgb(-3));
        assertEquals(map.rgb(0), map.rgb(Double.NaN));
        assertEquals(map.rgb(1), map.rgb(7));
    }

    @Test
    void controlColoursMustGetLighter() {
        assertThrows(IllegalArgumentException.class, () -> ColorMap.of(0xffffff, 0x000000));
        assertThrows(IllegalArgumentException.class, () -> ColorMap.of(0x000000));
    }

    @Test
    void aBlackToWhiteMapGivesGreysOfEvenLightness() {
        int middle = ColorMap.of(0x000000, 0xffffff).rgb(0.5);
        assertEquals(middle >> 16 & 0xFF, middle >> 8 & 0xFF, 1);
        assertEquals(middle >> 8 & 0xFF, middle & 0xFF, 1);
        assertEquals(0.5, ColorMap.lightness(middle), 0.005);
    }
}
