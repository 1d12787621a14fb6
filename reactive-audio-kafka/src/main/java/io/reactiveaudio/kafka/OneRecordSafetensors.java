package io.reactiveaudio.kafka;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One result as the safetensors layout of {@code docs/protocol.md} §6 with a batch of one item:
 * {@code indices}, {@code ordinals} (I64), {@code labels}, {@code lengths}, for features
 * {@code frame_lengths} (I32), then the big F32 tensor ({@code audio} or {@code features}) last,
 * so a trainer reads a Kafka result with the same {@code parse_batch} as a served batch. Stateless.
 */
final class OneRecordSafetensors {

    private OneRecordSafetensors() {
    }

    /**
     * The bytes of one record.
     *
     * @param kind        {@code audio} or {@code features}
     * @param shape       the big tensor's shape, its first axis 1
     * @param values      the big tensor's values
     * @param index       the item's source index
     * @param ordinal     the item's ordinal
     * @param length      valid audio frames
     * @param frameLength valid feature frames, or -1 for audio (no {@code frame_lengths})
     * @param metadata    the {@code __metadata__} strings
     */
    static byte[] encode(String kind, int[] shape, float[] values, long index, long ordinal, int length,
            int frameLength, Map<String, String> metadata) {
        boolean features = frameLength >= 0;
        int small = 2 * Long.BYTES + (features ? 3 : 2) * Integer.BYTES;
        StringBuilder json = new StringBuilder("{\"__metadata__\":{");
        String comma = "";
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            json.append(comma).append(quote(entry.getKey())).append(':').append(quote(entry.getValue()));
            comma = ",";
        }
        json.append('}');
        long offset = tensor(json, "indices", "I64", new int[] {1}, 0, Long.BYTES);
        offset = tensor(json, "ordinals", "I64", new int[] {1}, offset, Long.BYTES);
        offset = tensor(json, "labels", "I32", new int[] {1}, offset, Integer.BYTES);
        offset = tensor(json, "lengths", "I32", new int[] {1}, offset, Integer.BYTES);
        if (features) {
            offset = tensor(json, "frame_lengths", "I32", new int[] {1}, offset, Integer.BYTES);
        }
        tensor(json, kind, "F32", shape, offset, Float.BYTES);
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - (8 + header.length) % 8) % 8;
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + pad + small + values.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length + pad).put(header);
        for (int i = 0; i < pad; i++) {
            out.put((byte) ' ');
        }
        out.putLong(index).putLong(ordinal).putInt(-1).putInt(length);
        if (features) {
            out.putInt(frameLength);
        }
        out.asFloatBuffer().put(values);
        return out.array();
    }

    private static long tensor(StringBuilder json, String name, String dtype, int[] shape, long begin, int width) {
        long elements = 1;
        json.append(',').append(quote(name)).append(":{\"dtype\":\"").append(dtype).append("\",\"shape\":[");
        for (int i = 0; i < shape.length; i++) {
            json.append(i == 0 ? "" : ",").append(shape[i]);
            elements *= shape[i];
        }
        long end = begin + elements * width;
        json.append("],\"data_offsets\":[").append(begin).append(',').append(end).append("]}");
        return end;
    }

    /** {@code text} as a JSON string. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
