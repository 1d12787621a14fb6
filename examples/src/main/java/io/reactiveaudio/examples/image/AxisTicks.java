package io.reactiveaudio.examples.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * Chooses the ticks of an axis: round values, at least a given number of pixels apart, in increasing
 * value order. Stateless and thread-safe.
 */
public final class AxisTicks {

    private static final double[] LINEAR_STEPS = {1, 2, 5};
    private static final double[] WARPED_STEPS = {5, 1};
    /** Steps finer than the range over this many are not tried (no axis has room for their ticks). */
    private static final int MAX_CANDIDATES = 1000;

    private AxisTicks() {
    }

    /**
     * Ticks of a linear axis from {@code from} to {@code to}: every multiple of the smallest step of
     * 1, 2 or 5 times a power of ten that lies at least {@code minGap} pixels from the next, labelled
     * with as many decimals as that step needs.
     *
     * @param pixelsPerUnit pixels per unit of value (negative for an axis that grows upwards on screen)
     * @param origin the pixel of value 0
     */
    public static List<Tick> linear(double from, double to, double origin, double pixelsPerUnit, double minGap) {
        checkRange(from, to, minGap);
        double unitsPerGap = minGap / Math.abs(pixelsPerUnit);
        double step = niceStepAtLeast(unitsPerGap);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Tick> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(from / step - 1e-9); k * step <= to + step * 1e-9; k++) {
            double value = k * step;
            String label = String.format(Locale.ROOT, "%." + decimals + "f", value == 0 ? 0.0 : value);
            ticks.add(new Tick(value, origin + value * pixelsPerUnit, label));
        }
        return ticks;
    }

    /**
     * Ticks of an axis whose pixels are any increasing function of the value (a mel-spaced frequency
     * axis, say): round values are taken coarsest first (multiples of 5 then 1 times each power of
     * ten, from the largest that fits, down to a thousandth of the range), each kept if it lies at least {@code minGap} pixels from the
     * ticks kept so far and from the previous candidate of its own step, so that ticks thin out
     * where the axis crowds values together instead of leaving uneven holes.
     *
     * @param pixelOf position in pixels of a value in {@code [from, to]}, monotonic
     */
    public static List<Tick> warped(double from, double to, DoubleUnaryOperator pixelOf, double minGap,
                                    DoubleFunction<String> label) {
        checkRange(from, to, minGap);
        List<Tick> kept = new ArrayList<>();
        double span = Math.max(Math.abs(to), Math.abs(from));
        int topPower = span == 0 ? 0 : (int) Math.floor(Math.log10(span));
        for (int power = topPower; power >= topPower - 4; power--) {
            for (double multiple : WARPED_STEPS) {
                double step = multiple * Math.pow(10, power);
                if ((to - from) / step > MAX_CANDIDATES) {
                    break;
                }
                double previous = Double.NaN;
                for (long k = (long) Math.ceil(from / step - 1e-9); k * step <= to + step * 1e-9; k++) {
                    double value = k * step;
                    double pixel = pixelOf.applyAsDouble(value);
                    boolean clear = !(Math.abs(pixel - previous) < minGap)
                            && kept.stream().allMatch(t -> t.value() == value || Math.abs(t.pixel() - pixel) >= minGap);
                    boolean known = kept.stream().anyMatch(t -> t.value() == value);
                    if (clear && !known) {
                        kept.add(new Tick(value, pixel, label.apply(value)));
                    }
                    previous = pixel;
                }
            }
        }
        kept.sort(Comparator.comparingDouble(Tick::value));
        return kept;
    }

    /** A frequency in Hz as a short label: {@code 250}, {@code 1k}, {@code 2.5k}, {@code 12k}. */
    public static String hertz(double hz) {
        if (Math.abs(hz) < 1000) {
            return trim(String.format(Locale.ROOT, "%.1f", hz));
        }
        return trim(String.format(Locale.ROOT, "%.2f", hz / 1000)) + "k";
    }

    private static String trim(String number) {
        String s = number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
        return s.equals("-0") ? "0" : s;
    }

    private static double niceStepAtLeast(double units) {
        double power = Math.pow(10, Math.floor(Math.log10(units)));
        for (int scale = 0; scale < 2; scale++) {
            for (double m : LINEAR_STEPS) {
                double step = m * power * (scale == 0 ? 1 : 10);
                if (step >= units * (1 - 1e-9)) {
                    return step;
                }
            }
        }
        return 10 * power;
    }

    private static void checkRange(double from, double to, double minGap) {
        if (!(from <= to) || Double.isInfinite(from) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("axis range must be finite with from <= to, got " + from + " .. " + to);
        }
        if (!(minGap > 0)) {
            throw new IllegalArgumentException("minGap must be positive, got " + minGap);
        }
    }
}
