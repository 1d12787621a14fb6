package io.reactiveaudio.examples.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTicksTest {

    @Test
    void linearTicksUseTheSmallestRoundStepThatLeavesTheGap() {
        List<Tick> ticks = AxisTicks.linear(0, 2.9, 10, 300, 70);

        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "2.0", "2.5"), ticks.stream().map(Tick::label).toList());
        assertEquals(10, ticks.get(0).pixel(), 1e-9);
        assertEquals(760, ticks.get(5).pixel(), 1e-9);
        assertIncreasingAndApart(ticks, 70);
    }

    @Test
    void linearTicksOfAnUpwardAxisFallInPixels() {
        List<Tick> ticks = AxisTicks.linear(-80, 0, 0, -4, 35);

        assertEquals(List.of("-80", "-70", "-60", "-50", "-40", "-30", "-20", "-10", "0"),
                ticks.stream().map(Tick::label).toList());
        for (int i = 1; i < ticks.size(); i++) {
            assertTrue(ticks.get(i).pixel() < ticks.get(i - 1).pixel());
        }
    }

    @Test
    void melAxisTicksAreRoundHertzThinningOutUpwards() {
        double melTop = mel(8000);
        List<Tick> ticks = AxisTicks.warped(0, 8000, hz -> 400 * mel(hz) / melTop, 30, AxisTicks::hertz);

        assertEquals(List.of("0", "500", "1k", "1.5k", "2k", "3k", "4k", "5k"), ticks.stream().map(Tick::label).toList());
        assertIncreasingAndApart(ticks, 30);
    }

    @Test
    void warpedTicksOfALinearAxisAreEvenlySpaced() {
        List<Tick> ticks = AxisTicks.warped(0, 8000, hz -> hz / 20, 30, AxisTicks::hertz);

        assertEquals(9, ticks.size(), ticks.toString());
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(1000.0 * i, ticks.get(i).value());
        }
    }

    @Test
    void hertzLabelsAreShort() {
        assertEquals("250", AxisTicks.hertz(250));
        assertEquals("1k", AxisTicks.hertz(1000));
        assertEquals("2.5k", AxisTicks.hertz(2500));
        assertEquals("12k", AxisTicks.hertz(12_000));
        assertEquals("0", AxisTicks.hertz(0));
    }

    @Test
    void rejectsAnEmptyGapOrReversedRange() {
        assertThrows(IllegalArgumentException.class, () -> AxisTicks.linear(0, 1, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> AxisTicks.linear(2, 1, 0, 10, 5));
    }

    static void assertIncreasingAndApart(List<Tick> ticks, double gap) {
        for (int i = 1; i < ticks.size(); i++) {
            assertTrue(ticks.get(i).value() > ticks.get(i - 1).value(), ticks.toString());
            assertTrue(Math.abs(ticks.get(i).pixel() - ticks.get(i - 1).pixel()) >= gap, ticks.toString());
        }
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }
}
