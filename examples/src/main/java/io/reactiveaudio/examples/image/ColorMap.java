package io.reactiveaudio.examples.image;

/**
 * A colour map from values in [0, 1] to sRGB colours, interpolated between a few control colours in
 * the OKLab space (where equal steps look about equally different) and placed so that perceived
 * lightness rises linearly with the value: louder always reads brighter, in colour and in grey.
 *
 * <p>{@link #EMBER}, the default, runs from near-black navy through indigo, plum and raspberry to
 * orange and a warm yellow. Immutable and thread-safe; colours come from a table of
 * {@value #STEPS} entries made at construction.
 */
public final class ColorMap {

    /** The default map: navy → indigo → plum → raspberry → orange → warm yellow. */
    public static final ColorMap EMBER = of(0x0c0a20, 0x2c1c63, 0x6a2378, 0xb83a5e, 0xef7d3c, 0xfbe68a);

    private static final int STEPS = 1024;

    private final int[] table;

    private ColorMap(int[] table) {
        this.table = table;
    }

    /**
     * A map through {@code controls} (0xRRGGBB, darkest first), each placed at the value where the
     * map's lightness reaches its own.
     *
     * @throws IllegalArgumentException with fewer than two colours or when OKLab lightness does not
     *     strictly rise from one colour to the next
     */
    public static ColorMap of(int... controls) {
        if (controls.length < 2) {
            throw new IllegalArgumentException("a colour map needs at least 2 colours, got " + controls.length);
        }
        double[][] lab = new double[controls.length][];
        for (int i = 0; i < controls.length; i++) {
            lab[i] = toOklab(controls[i]);
            if (i > 0 && lab[i][0] <= lab[i - 1][0]) {
                throw new IllegalArgumentException(String.format(
                        "colour %d (#%06x) is not lighter than the one before it", i, controls[i] & 0xFFFFFF));
            }
        }
        double low = lab[0][0];
        double high = lab[lab.length - 1][0];
        int[] table = new int[STEPS];
        int segment = 0;
        for (int s = 0; s < STEPS; s++) {
            double lightness = low + (high - low) * s / (STEPS - 1);
            while (segment < lab.length - 2 && lightness > lab[segment + 1][0]) {
                segment++;
            }
            double[] a = lab[segment];
            double[] b = lab[segment + 1];
            double t = Math.min(1, Math.max(0, (lightness - a[0]) / (b[0] - a[0])));
            table[s] = toRgb(lightness, a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2]));
        }
        table[0] = controls[0] & 0xFFFFFF;
        table[STEPS - 1] = controls[controls.length - 1] & 0xFFFFFF;
        return new ColorMap(table);
    }

    /** The colour (0xRRGGBB) of {@code value}, clamped to [0, 1]; NaN gives the lowest colour. */
    public int rgb(double value) {
        if (!(value > 0)) {
            return table[0];
        }
        return table[(int) Math.round(Math.min(value, 1.0) * (STEPS - 1))];
    }

    /** OKLab lightness (0 black .. 1 white) of an sRGB colour 0xRRGGBB. */
    public static double lightness(int rgb) {
        return toOklab(rgb)[0];
    }

    private static double[] toOklab(int rgb) {
        double r = linear((rgb >> 16) & 0xFF);
        double g = linear((rgb >> 8) & 0xFF);
        double b = linear(rgb & 0xFF);
        double l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        return new double[] {
            0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s,
        };
    }

    private static int toRgb(double lightness, double a, double b) {
        double l = cube(lightness + 0.3963377774 * a + 0.2158037573 * b);
        double m = cube(lightness - 0.1055613458 * a - 0.0638541728 * b);
        double s = cube(lightness - 0.0894841775 * a - 1.2914855480 * b);
        int red = encode(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s);
        int green = encode(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s);
        int blue = encode(-0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s);
        return red << 16 | green << 8 | blue;
    }

    private static double cube(double x) {
        return x * x * x;
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int encode(double linear) {
        double c = Math.min(1, Math.max(0, linear));
        double srgb = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(srgb * 255);
    }
}
