package io.reactiveaudio.netty.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Writes a batch as a safetensors file in the layout of {@code docs/protocol.md} §6: the 8-byte
 * little-endian header size, the JSON header padded with spaces to a multiple of 8 bytes, the
 * small tensors ({@code indices}, {@code ordinals} as I64, {@code labels}, {@code lengths} and for
 * features {@code frame_lengths} as I32), and last the big F32 tensor ({@code audio} or
 * {@code features}).
 *
 * <p>{@link #head} gives every byte before the big tensor, so a writer can send the head and then
 * the batch's own pooled buffer without copying it. Stateless and thread-safe.
 */
public final class SafetensorsWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private SafetensorsWriter() {
    }

    /**
     * The bytes of the file up to the big tensor: header size, JSON header (with
     * {@code metadata} as {@code __metadata__}), small tensors. The big tensor's bytes,
     * {@link BatchTensors#data()}, follow them.
     */
    public static byte[] head(BatchTensors tensors, Map<String, String> metadata) {
        int items = tensors.size();
        boolean features = tensors.frameLengths() != null;
        int smallBytes = items * (Long.BYTES * 2 + Integer.BYTES * (features ? 3 : 2));
        byte[] json = paddedJson(tensors, metadata, smallBytes);
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES + json.length + smallBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (long index : tensors.indices()) {
            out.putLong(index);
        }
        for (long ordinal : tensors.ordinals()) {
            out.putLong(ordinal);
        }
        for (int label : tensors.labels()) {
            out.putInt(label);
        }
        for (int length : tensors.lengths()) {
            out.putInt(length);
        }
        if (features) {
            for (int frames : tensors.frameLengths()) {
                out.putInt(frames);
            }
        }
        return out.array();
    }

    private static byte[] paddedJson(BatchTensors tensors, Map<String, String> metadata, int smallBytes) {
        int items = tensors.size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeObjectFieldStart("__metadata__");
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            long offset = 0;
            offset = tensor(json, "indices", "I64", new int[] {items}, offset, Long.BYTES);
            offset = tensor(json, "ordinals", "I64", new int[] {items}, offset, Long.BYTES);
            offset = tensor(json, "labels", "I32", new int[] {items}, offset, Integer.BYTES);
            offset = tensor(json, "lengths", "I32", new int[] {items}, offset, Integer.BYTES);
            if (tensors.frameLengths() != null) {
                offset = tensor(json, "frame_lengths", "I32", new int[] {items}, offset, Integer.BYTES);
            }
            if (offset != smallBytes) {
                throw new IllegalStateException("small tensors take " + offset + " bytes, not " + smallBytes);
            }
            tensor(json, tensors.kind(), "F32", tensors.shape(), offset, Float.BYTES);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int pad = (8 - bytes.size() % 8) % 8;
        for (int i = 0; i < pad; i++) {
            bytes.write(' ');
        }
        return bytes.toByteArray();
    }

    private static long tensor(JsonGenerator json, String name, String dtype, int[] shape, long begin, int width)
            throws IOException {
        long elements = 1;
        json.writeObjectFieldStart(name);
        json.writeStringField("dtype", dtype);
        json.writeArrayFieldStart("shape");
        for (int dim : shape) {
            json.writeNumber(dim);
            elements *= dim;
        }
        json.writeEndArray();
        long end = begin + elements * width;
        json.writeArrayFieldStart("data_offsets");
        json.writeNumber(begin);
        json.writeNumber(end);
        json.writeEndArray();
        json.writeEndObject();
        return end;
    }
}
