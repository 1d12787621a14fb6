package io.reactiveaudio.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KaiserWindowTest {

    @Test
    void besselI0MatchesTabulatedValues() {
        assertEquals(1.0, KaiserWindow.besselI0(0), 0);
        assertEquals(1.2660658777520082, KaiserWindow.besselI0(1), 1e-15);
        assertEquals(27.239871823604442, KaiserWindow.besselI0(5), 1e-13);
        assertEquals(2815.716628466254, KaiserWindow.besselI0(10), 1e-10);
    }

    @Test
    void isOneAtTheCentreOneOverI0OfBetaAtTheEdgesAndZeroBeyond() {
        KaiserWindow window = new KaiserWindow(9);

        assertEquals(1.0, window.at(0), 0);
        assertEquals(1 / KaiserWindow.besselI0(9), window.at(1), 1e-18);
        assertEquals(window.at(-0.3), window.at(0.3), 0);
        assertEquals(0.0, window.at(1.0001), 0);
        assertEquals(0.0, window.at(-1.0001), 0);
    }

    @Test
    void followsKaisersFormulasForBetaAndOrder() {
        assertEquals(0.1102 * (90 - 8.7), KaiserWindow.forAttenuation(90).beta(), 1e-12);
        // 90 dB across a transition of 1 % of the sample rate
        assertEquals((90 - 7.95) / (2.285 * 2 * Math.PI * 0.01), KaiserWindow.order(90, 0.01), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> KaiserWindow.forAttenuation(40));
        assertThrows(IllegalArgumentException.class, () -> new KaiserWindow(-1));
    }
}
