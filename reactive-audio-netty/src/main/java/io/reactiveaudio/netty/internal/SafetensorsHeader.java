package io.reactiveaudio.netty.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed header of a safetensors file: each tensor's dtype, shape and byte range, the string
 * metadata, and where the data area starts. Checks that the ranges match the shapes, lie inside
 * the file and cover the data area without gaps or overlaps. Immutable.
 *
 * @param tensors by name, in header order
 * @param metadata the {@code __metadata__} strings, empty if none
 * @param dataStart offset of the data area from the file's start: {@code 8 + n}
 */
public record SafetensorsHeader(Map<String, Tensor> tensors, Map<String, String> metadata, long dataStart) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One tensor's description.
     *
     * @param dtype {@code F32}, {@code I32}, {@code I64}, ...
     * @param shape dimensions, outermost first
     * @param begin first byte, relative to the data area
     * @param end byte after the last, relative to the data area
     */
    public record Tensor(String dtype, long[] shape, long begin, long end) {

        /** The number of elements: the product of the shape. */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Parses the header of the file in {@code file} (position to limit) and checks it.
     *
     * @throws IllegalArgumentException if it is not a well-formed safetensors file
     */
    public static SafetensorsHeader parse(ByteBuffer file) {
        ByteBuffer in = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = in.position();
        long size = in.remaining();
        if (size < 8) {
            throw new IllegalArgumentException("a safetensors file has at least 8 bytes, not " + size);
        }
        long n = in.getLong(base);
        if (n < 2 || n > size - 8) {
            throw new IllegalArgumentException("header size " + n + " does not fit a file of " + size + " bytes");
        }
        byte[] json = new byte[(int) n];
        in.position(base + 8);
        in.get(json);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                expect(parser.nextToken(), JsonToken.START_OBJECT);
                if (name.equals("__metadata__")) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        expect(parser.nextToken(), JsonToken.VALUE_STRING);
                        metadata.put(key, parser.getText());
                    }
                } else {
                    tensors.put(name, tensor(parser, name));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the safetensors header is not JSON: " + e.getMessage(), e);
        }
        SafetensorsHeader header = new SafetensorsHeader(Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata), 8 + n);
        header.check(size - 8 - n);
        return header;
    }

    private static Tensor tensor(JsonParser parser, String name) throws IOException {
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "dtype" -> {
                    expect(value, JsonToken.VALUE_STRING);
                    dtype = parser.getText();
                }
                case "shape" -> shape = longs(parser, value);
                case "data_offsets" -> offsets = longs(parser, value);
                default -> parser.skipChildren();
            }
        }
        if (dtype == null || shape == null || offsets == null || offsets.length != 2) {
            throw new IllegalArgumentException("tensor " + name + " lacks dtype, shape or data_offsets");
        }
        return new Tensor(dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(JsonParser parser, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        List<Long> values = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            long v = parser.getLongValue();
            if (v < 0) {
                throw new IllegalArgumentException("negative size or offset: " + v);
            }
            values.add(v);
        }
        expect(parser.currentToken(), JsonToken.END_ARRAY);
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("safetensors header: expected " + expected + ", found " + actual);
        }
    }

    private void check(long dataBytes) {
        List<Tensor> byStart = new ArrayList<>(tensors.values());
        byStart.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long position = 0;
        for (Tensor t : byStart) {
            if (t.begin() != position || t.end() < t.begin()) {
                throw new IllegalArgumentException("tensor data has a gap or overlap at byte " + t.begin());
            }
            long width = width(t.dtype());
            if (width > 0 && t.end() - t.begin() != t.elements() * width) {
                throw new IllegalArgumentException("a " + t.dtype() + " tensor of " + t.elements()
                        + " elements cannot take " + (t.end() - t.begin()) + " bytes");
            }
            position = t.end();
        }
        if (position != dataBytes) {
            throw new IllegalArgumentException("tensors cover " + position + " of " + dataBytes + " data bytes");
        }
    }

    /** Bytes per element of a dtype, 0 if unknown here. */
    public static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> 0;
        };
    }
}
