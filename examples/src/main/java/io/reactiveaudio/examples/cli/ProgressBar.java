package io.reactiveaudio.examples.cli;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, {@code label [#########                     ] 12/40 detail}, redrawn in
 * place with a carriage return at most ten times a second.
 *
 * <p>{@link #onTerminal} draws on standard error only when the JVM has a console (an interactive
 * terminal), so output piped to a file or a CI log gets no carriage returns; without one every
 * call does nothing. Not thread-safe: one thread calls {@link #step} and {@link #finish}.
 */
final class ProgressBar {

    /** The least time between two redraws, in nanoseconds: ten redraws a second. */
    static final long REDRAW_NANOS = 100_000_000L;

    private static final int WIDTH = 30;

    /** Null when there is no terminal to draw on. */
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final String label;
    private final long total;
    private long done;
    private String detail = "";
    private boolean drawn;
    private long drawnAt;
    private int drawnLength;
    private boolean finished;

    private ProgressBar(PrintStream out, LongSupplier nanoClock, String label, long total) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1: " + total);
        }
        this.out = out;
        this.nanoClock = nanoClock;
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
    }

    /** A bar of {@code total} steps (at least 1) on standard error if the JVM has a console, else a silent one. */
    static ProgressBar onTerminal(String label, long total) {
        return new ProgressBar(System.console() != null ? System.err : null, System::nanoTime, label, total);
    }

    /** A bar that always draws on {@code out}, timed by {@code nanoClock} (nanoseconds, as {@link System#nanoTime}). */
    static ProgressBar drawingOn(PrintStream out, LongSupplier nanoClock, String label, long total) {
        return new ProgressBar(Objects.requireNonNull(out, "out"), Objects.requireNonNull(nanoClock, "nanoClock"),
                label, total);
    }

    /**
     * Records that {@code done} of the total steps are done (clamped to 0..total), with a short
     * {@code detail} after the count; redraws if {@link #REDRAW_NANOS} have passed since the last
     * redraw, or at the first call.
     */
    void step(long done, String detail) {
        this.done = Math.max(0, Math.min(done, total));
        this.detail = Objects.requireNonNull(detail, "detail");
        long now = nanoClock.getAsLong();
        if (out != null && !finished && (!drawn || now - drawnAt >= REDRAW_NANOS)) {
            draw();
            drawn = true;
            drawnAt = now;
        }
    }

    /** Draws the last state recorded and ends the line; later calls to this bar do nothing. */
    void finish() {
        if (out != null && !finished) {
            finished = true;
            draw();
            out.println();
            out.flush();
        }
    }

    private void draw() {
        int filled = (int) (WIDTH * (double) done / total);
        String line = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
                + (detail.isEmpty() ? "" : " " + detail);
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }
}
