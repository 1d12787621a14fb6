package io.reactiveaudio.examples.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesFallOnTheUpperEdgeOfTheirTenthOfAMillisecond() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms * 1_000_000L - 50_000);
        }

        assertEquals(100, h.count());
        assertEquals(50.0, h.percentileMillis(0.50), 1e-9);
        assertEquals(99.0, h.percentileMillis(0.99), 1e-9);
        assertEquals(99.95, h.maxMillis(), 1e-9);
        assertEquals(99.95, h.percentileMillis(1.0), 1e-9, "never above the exact maximum");
    }

    @Test
    void latenciesBeyondTenSecondsKeepTheirExactMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(25_000_000_000L);
        h.record(-5);

        assertEquals(25_000.0, h.maxMillis(), 1e-9);
        assertEquals(25_000.0, h.percentileMillis(1.0), 1e-9);
        assertEquals(0.1, h.percentileMillis(0.5), 1e-9, "a negative latency counts as zero");
    }

    @Test
    void anEmptyHistogramAndBadQuantiles() {
        LatencyHistogram h = new LatencyHistogram();

        assertEquals(0, h.percentileMillis(0.99));
        assertThrows(IllegalArgumentException.class, () -> h.percentileMillis(1.5));
    }
}
