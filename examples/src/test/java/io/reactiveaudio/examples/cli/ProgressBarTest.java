package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long MS = 1_000_000L;

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);
    private final AtomicLong clock = new AtomicLong(7 * MS);
    private final ProgressBar bar = ProgressBar.drawingOn(out, clock::get, "bench", "batches", 3);

    @Test
    void drawsTheFirstStepAndThenAtMostTenTimesASecondWithRateAndEta() {
        bar.step(0, "warm-up");
        clock.addAndGet(99 * MS);
        bar.step(1, "warm-up");
        clock.addAndGet(901 * MS);
        bar.step(2, "timed");

        assertEquals("\rbench [" + " ".repeat(30) + "] 0/3 - batches/s ETA - warm-up"
                + "\rbench [" + "#".repeat(20) + " ".repeat(10) + "] 2/3 2.0 batches/s ETA 0:01 timed", text.toString());
    }

    @Test
    void aShorterLineBlanksWhatRemainsOfTheLongerOne() {
        clock.addAndGet(500 * MS);
        bar.step(1, "a long detail");
        clock.addAndGet(500 * MS);
        bar.step(2, "");

        String first = "\rbench [" + "#".repeat(10) + " ".repeat(20) + "] 1/3 2.0 batches/s ETA 0:01 a long detail";
        String second = "\rbench [" + "#".repeat(20) + " ".repeat(10) + "] 2/3 2.0 batches/s ETA 0:01";
        assertEquals(first + second + " ".repeat(first.length() - second.length()), text.toString());
    }

    @Test
    void finishDrawsTheLastStateUnthrottledAndEndsTheLineOnce() {
        clock.addAndGet(2_000 * MS);
        bar.step(1, "");
        bar.step(5, "done");
        bar.finish();
        bar.finish();
        bar.step(3, "late");

        assertEquals("\rbench [" + "#".repeat(10) + " ".repeat(20) + "] 1/3 0.5 batches/s ETA 0:04"
                + "\rbench [" + "#".repeat(30) + "] 3/3 1.5 batches/s ETA 0:00 done" + System.lineSeparator(),
                text.toString());
    }

    @Test
    void theEtaOfAnHourOrMoreShowsHours() {
        assertEquals("1:00:05", ProgressBar.clock(3_605));
        assertEquals("59:59", ProgressBar.clock(3_599));
    }

    @Test
    void theSilentBarDrawsNothing() {
        ProgressBar silent = ProgressBar.silent();
        silent.step(1, "x");
        silent.finish();

        assertEquals("", text.toString());
    }

    @Test
    void aTotalBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.drawingOn(out, clock::get, "bench", "batches", 0));
    }
}
