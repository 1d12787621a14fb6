package io.reactiveaudio.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar with its rate and the time left,
 * {@code label [#########                     ] 12/40 3.1 batches/s ETA 0:09 detail}, redrawn in
 * place with a carriage return at most ten times a second. The rate is the steps done over the
 * time since the bar was made; the ETA is the steps left at that rate ({@code -} before the first
 * step is done).
 *
 * <p>Commands get their bar from {@link ProgressOptions#bar}, which gives a {@link #silent()} one
 * with {@code --no-progress} or when standard output is not a terminal. Not thread-safe: one
 * thread calls {@link #step} and {@link #finish}.
 */
final class ProgressBar {

    /** The least time between two redraws, in nanoseconds: ten redraws a second. */
    static final long REDRAW_NANOS = 100_000_000L;

    private static final int WIDTH = 30;
    private static final ProgressBar SILENT = new ProgressBar(null, () -> 0L, "", "", 1);

    /** Null for the silent bar. */
    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private final String label;
    private final String unit;
    private final long total;
    private final long startedAt;
    private long done;
    private String detail = "";
    private boolean drawn;
    private long drawnAt;
    private int drawnLength;
    private boolean finished;

    private ProgressBar(PrintWriter out, LongSupplier nanoClock, String label, String unit, long total) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1: " + total);
        }
        this.out = out;
        this.nanoClock = nanoClock;
        this.label = Objects.requireNonNull(label, "label");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.total = total;
        this.startedAt = nanoClock.getAsLong();
    }

    /**
     * A bar that draws on {@code out}, timed by {@code nanoClock} (nanoseconds, as {@link System#nanoTime}).
     *
     * @param label what is done, first on the line
     * @param unit what a step is, in the rate ({@code batches} gives {@code 3.1 batches/s})
     * @param total the steps there are, at least 1
     */
    static ProgressBar drawingOn(PrintWriter out, LongSupplier nanoClock, String label, String unit, long total) {
        return new ProgressBar(Objects.requireNonNull(out, "out"), Objects.requireNonNull(nanoClock, "nanoClock"),
                label, unit, total);
    }

    /** A bar that draws nothing. */
    static ProgressBar silent() {
        return SILENT;
    }

    /**
     * Records that {@code done} of the total steps are done (clamped to 0..total), with a short
     * {@code detail} at the end of the line; redraws if {@link #REDRAW_NANOS} have passed since the
     * last redraw, or at the first call.
     */
    void step(long done, String detail) {
        if (out == null) {
            return;
        }
        this.done = Math.max(0, Math.min(done, total));
        this.detail = Objects.requireNonNull(detail, "detail");
        long now = nanoClock.getAsLong();
        if (!finished && (!drawn || now - drawnAt >= REDRAW_NANOS)) {
            draw(now);
            drawn = true;
            drawnAt = now;
        }
    }

    /** Draws the last state recorded and ends the line; later calls to this bar do nothing. */
    void finish() {
        if (out != null && !finished) {
            finished = true;
            draw(nanoClock.getAsLong());
            out.println();
            out.flush();
        }
    }

    private void draw(long now) {
        int filled = (int) (WIDTH * (double) done / total);
        double seconds = (now - startedAt) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String speed = rate > 0 ? String.format(Locale.ROOT, "%.1f %s/s", rate, unit) : "- " + unit + "/s";
        String eta = rate > 0 ? clock(Math.round((total - done) / rate)) : "-";
        String line = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
                + " " + speed + " ETA " + eta + (detail.isEmpty() ? "" : " " + detail);
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    /** {@code seconds} as {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
