package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long MS = 1_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(7 * MS);
    private final ProgressBar bar = ProgressBar.drawingOn(out, clock::get, "bench", 3);

    @Test
    void drawsTheFirstStepAndThenAtMostTenTimesASecond() {
        bar.step(0, "warm-up");
        clock.addAndGet(99 * MS);
        bar.step(1, "warm-up");
        clock.addAndGet(MS);
        bar.step(2, "1.5 batches/s");

        assertEquals("\rbench [" + " ".repeat(30) + "] 0/3 warm-up"
                + "\rbench [" + "#".repeat(20) + " ".repeat(10) + "] 2/3 1.5 batches/s", text());
    }

    @Test
    void aShorterLineBlanksWhatRemainsOfTheLongerOne() {
        bar.step(1, "a long detail");
        clock.addAndGet(ProgressBar.REDRAW_NANOS);
        bar.step(2, "");

        String second = "\rbench [" + "#".repeat(20) + " ".repeat(10) + "] 2/3";
        assertEquals("\rbench [" + "#".repeat(10) + " ".repeat(20) + "] 1/3 a long detail"
                + second + " ".repeat(" a long detail".length()), text());
    }

    @Test
    void finishDrawsTheLastStateUnthrottledAndEndsTheLineOnce() {
        bar.step(1, "");
        bar.step(5, "done");
        bar.finish();
        bar.finish();
        bar.step(3, "late");

        assertEquals("\rbench [" + "#".repeat(10) + " ".repeat(20) + "] 1/3"
                + "\rbench [" + "#".repeat(30) + "] 3/3 done" + System.lineSeparator(), text());
    }

    @Test
    void withoutAConsoleNothingIsDrawn() {
        assumeTrue(System.console() == null, "the test JVM has a terminal");
        PrintStream stderr = System.err;
        System.setErr(out);
        try {
            ProgressBar silent = ProgressBar.onTerminal("bench", 3);
            silent.step(1, "x");
            silent.finish();
        } finally {
            System.setErr(stderr);
        }

        assertEquals("", text());
    }

    @Test
    void aTotalBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.drawingOn(out, clock::get, "bench", 0));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
