package io.reactiveaudio.features.db;

import java.util.Objects;

/**
 * Power or amplitude to decibels, as torchaudio's {@code AmplitudeToDB} and {@code amplitude_to_DB}:
 * {@code y = multiplier * log10(max(x, amin)) - multiplier * log10(max(amin, ref))}, multiplier
 * 10 for power and 20 for magnitude; then, with {@code top_db}, every value of the array is raised
 * to at least {@code max(y) - top_db}, the maximum taken over the <em>whole</em> array (one clip's
 * matrix), which makes the result depend on the whole clip. Logarithms in double precision, results
 * in float32.
 *
 * <p>Immutable and thread-safe; {@link #apply} allocates nothing.
 */
public final class AmplitudeToDb {

    private static final double LN2 = Math.log(2);
    private static final double INV_LN10 = 1 / Math.log(10);
    /** The significand bits above which a float's significand exceeds sqrt(2) (1.4142135 = 0x3fb504f3). */
    private static final int SQRT2_SIGNIFICAND = 0x3504f3;

    /** torchaudio's default {@code amin}: {@value}. */
    public static final double DEFAULT_AMIN = 1e-10;

    private final double multiplier;
    private final double ref;
    private final double amin;
    private final double topDb;

    private AmplitudeToDb(double multiplier, double ref, double amin, double topDb) {
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be positive and finite, got " + multiplier);
        }
        if (!(amin > 0) || Double.isInfinite(amin)) {
            throw new IllegalArgumentException("amin must be positive and finite, got " + amin);
        }
        if (!(ref > 0) || Double.isInfinite(ref)) {
            throw new IllegalArgumentException("ref must be positive and finite, got " + ref);
        }
        if (!Double.isNaN(topDb) && (!(topDb >= 0) || Double.isInfinite(topDb))) {
            throw new IllegalArgumentException("top_db must be non-negative and finite, got " + topDb);
        }
        this.multiplier = multiplier;
        this.ref = ref;
        this.amin = amin;
        this.topDb = topDb;
    }

    /** Power to dB ({@code stype="power"}): multiplier 10, ref 1, amin 1e-10, no top_db. */
    public static AmplitudeToDb power() {
        return new AmplitudeToDb(10, 1, DEFAULT_AMIN, Double.NaN);
    }

    /** Magnitude to dB ({@code stype="magnitude"}): multiplier 20, ref 1, amin 1e-10, no top_db. */
    public static AmplitudeToDb magnitude() {
        return new AmplitudeToDb(20, 1, DEFAULT_AMIN, Double.NaN);
    }

    /**
     * dB of {@code |X|^p}: multiplier {@code 20 / p}, which is 10 for a power spectrum (p = 2) and 20
     * for a magnitude (p = 1); ref 1, amin 1e-10, no top_db.
     */
    public static AmplitudeToDb ofExponent(double p) {
        if (!(p > 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("the spectrum's exponent must be positive and finite, got " + p);
        }
        return new AmplitudeToDb(20 / p, 1, DEFAULT_AMIN, Double.NaN);
    }

    /** This conversion with another reference value ({@code ref}, 0 dB), positive. */
    public AmplitudeToDb ref(double value) {
        return new AmplitudeToDb(multiplier, value, amin, topDb);
    }

    /** This conversion with another floor on the input ({@code amin}), positive. */
    public AmplitudeToDb amin(double value) {
        return new AmplitudeToDb(multiplier, ref, value, topDb);
    }

    /** This conversion clamped to {@code decibels} below the array's maximum ({@code top_db}), non-negative. */
    public AmplitudeToDb topDb(double decibels) {
        if (Double.isNaN(decibels)) {
            throw new IllegalArgumentException("top_db must be non-negative and finite, got NaN (use withoutTopDb)");
        }
        return new AmplitudeToDb(multiplier, ref, amin, decibels);
    }

    /** This conversion without the {@code top_db} clamp: each value depends on itself only. */
    public AmplitudeToDb withoutTopDb() {
        return new AmplitudeToDb(multiplier, ref, amin, Double.NaN);
    }

    /** 10 for power, 20 for magnitude. */
    public double multiplier() {
        return multiplier;
    }

    /** The reference value of 0 dB. */
    public double ref() {
        return ref;
    }

    /** The floor on the input. */
    public double amin() {
        return amin;
    }

    /** Whether a {@code top_db} clamp is set (then a value depends on the whole array). */
    public boolean hasTopDb() {
        return !Double.isNaN(topDb);
    }

    /** The {@code top_db} clamp in dB, NaN when none. */
    public double topDb() {
        return topDb;
    }

    /**
     * Converts {@code values[offset .. offset + length)} in place; with {@code top_db}, clamps them
     * to the range's maximum minus top_db.
     */
    public void apply(float[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, values.length);
        double shift = multiplier * Math.log10(Math.max(amin, ref));
        float floorIn = (float) amin;
        float max = Float.NEGATIVE_INFINITY;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            float db = (float) (multiplier * log10(Math.max(values[i], floorIn)) - shift);
            values[i] = db;
            max = Math.max(max, db);
        }
        if (hasTopDb() && length > 0) {
            float floor = (float) (max - topDb);
            for (int i = offset; i < end; i++) {
                values[i] = Math.max(values[i], floor);
            }
        }
    }

    /**
     * {@code log10(x)} of a float, within 1e-11 of {@link Math#log10} for positive normal floats
     * (1e-10 dB), in about 11 ns where {@link Math#log10} takes 16 to 30 here: the exponent from
     * the float's bits, and the logarithm of its significand m (scaled into [sqrt(1/2), sqrt(2))
     * by a power of two) as {@code 2 atanh((m - 1) / (m + 1))}, a series of six odd terms in
     * double precision. Zero, subnormals, infinities and NaN go to {@link Math#log10}.
     */
    static double log10(float x) {
        int bits = Float.floatToRawIntBits(x);
        int exponentField = (bits >>> 23) & 0xff;
        if (exponentField == 0 || exponentField == 0xff || bits < 0) {
            return Math.log10(x);
        }
        int exponent = exponentField - 127;
        int significandBits = bits & 0x7f_ffff;
        int scale = 0x3f80_0000;
        if (significandBits > SQRT2_SIGNIFICAND) {
            scale = 0x3f00_0000;
            exponent++;
        }
        double m = Float.intBitsToFloat(significandBits | scale);
        double t = (m - 1) / (m + 1);
        double t2 = t * t;
        double series = 1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9 + t2 * (1.0 / 11)))));
        return (exponent * LN2 + 2 * t * series) * INV_LN10;
    }

    @Override
    public String toString() {
        return "AmplitudeToDb[multiplier=" + multiplier + ", ref=" + ref + ", amin=" + amin
                + (hasTopDb() ? ", top_db=" + topDb : "") + "]";
    }
}
