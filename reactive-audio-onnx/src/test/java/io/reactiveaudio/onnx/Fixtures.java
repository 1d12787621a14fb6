package io.reactiveaudio.onnx;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test models of {@code scripts/make-onnx-models.py} and their reference arrays (.npy,
 * little-endian float32, C order), read from the test resources.
 */
final class Fixtures {

    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([0-9, ]*)\\)");

    private Fixtures() {
    }

    /** The path of {@code models/<name>}. */
    static Path model(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An .npy array of float32: its shape and its values. */
    record Array(int[] shape, float[] values) {
    }

    static Array npy(String name) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(model(name))).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = Short.toUnsignedInt(bytes.getShort(8));
            String header = new String(bytes.array(), 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
            if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
                throw new IllegalArgumentException(name + " is not a C-order float32 array: " + header);
            }
            Matcher shape = SHAPE.matcher(header);
            if (!shape.find()) {
                throw new IllegalArgumentException(name + ": no shape in " + header);
            }
            int[] dims = Arrays.stream(shape.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            float[] values = new float[Arrays.stream(dims).reduce(1, (a, b) -> a * b)];
            bytes.position(10 + headerLength).asFloatBuffer().get(values);
            return new Array(dims, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A batch of {@code values} shaped {@code (items, a, b)} in {@code pool}: {@code Batch.wrap} with
     * layout BCT and a channels, b frames (or BTC: a frames, b channels), which stores them as given.
     */
    static Batch batch(BufferPool pool, Layout layout, int items, int a, int b, float[] values) {
        ByteBuffer buffer = pool.acquire();
        buffer.asFloatBuffer().put(values);
        return layout == Layout.BCT ? Batch.wrap(pool, buffer, layout, items, b, a, 16_000)
                : Batch.wrap(pool, buffer, layout, items, a, b, 16_000);
    }

    /**
     * A rank-2 batch {@code (items, width)} of {@code values} in {@code pool}: an inference batch of
     * one output named "rows", items with label b, source index 100 + b and ordinal b.
     */
    static InferenceBatch rows(BufferPool pool, int items, int width, float[] values) {
        ByteBuffer buffer = pool.acquire();
        buffer.asFloatBuffer().put(values);
        int[] labels = new int[items];
        int[] lengths = new int[items];
        long[] sources = new long[items];
        long[] ordinals = new long[items];
        for (int b = 0; b < items; b++) {
            labels[b] = b;
            lengths[b] = width;
            sources[b] = 100 + b;
            ordinals[b] = b;
        }
        return new InferenceBatch(pool, buffer, java.util.List.of("rows"), new int[][] {{width}}, new int[] {0},
                16_000, labels, lengths, sources, ordinals, null, 0, java.util.Collections.nCopies(items,
                java.util.List.of()), 0);
    }
}
