package io.reactiveaudio.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy {@code .npy} array of little-endian float32 ({@code <f4}) or float64 ({@code <f8})
 * (format versions 1 to 3), read whole into doubles in C order (a Fortran-order file, as numpy
 * writes a transposed array, is reordered); for test fixtures.
 *
 * @param shape the dimensions, outermost first
 * @param data  the values in C order
 */
public record Npy(int[] shape, double[] data) {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=]?)(f[48])'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** The array in the test resource {@code /features/<name>.npy}. */
    public static Npy resource(String name) {
        try (InputStream in = Npy.class.getResourceAsStream("/features/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /features/" + name + ".npy");
            }
            return parse(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The array in a file. */
    public static Npy file(Path path) {
        try {
            return parse(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the bytes of a {@code .npy} file. */
    static Npy parse(byte[] bytes, String what) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U') {
            throw new IllegalArgumentException(what + " is not a .npy file");
        }
        int major = bytes[6];
        int headerLength = major == 1 ? buffer.getShort(8) & 0xffff : buffer.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLength, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IllegalArgumentException(what + ": unreadable header " + header);
        }
        int[] shape = Arrays.stream(shapeText.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        double[] data = new double[count];
        buffer.position(start + headerLength);
        boolean doubles = descr.group(2).equals("f8");
        for (int i = 0; i < count; i++) {
            data[i] = doubles ? buffer.getDouble() : buffer.getFloat();
        }
        return new Npy(shape, fortran.group(1).equals("True") ? toC(data, shape) : data);
    }

    /** Values stored first index fastest, reordered last index fastest. */
    private static double[] toC(double[] fortran, int[] shape) {
        double[] c = new double[fortran.length];
        int[] index = new int[shape.length];
        for (int i = 0; i < c.length; i++) {
            int at = 0;
            int stride = 1;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride;
                stride *= shape[d];
            }
            c[i] = fortran[at];
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return c;
    }

    /** The values as float32. */
    public float[] floats() {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (float) data[i];
        }
        return out;
    }

    /** The largest absolute value. */
    public double maxAbs() {
        double max = 0;
        for (double v : data) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
