package io.reactiveaudio.netty.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code __metadata__} of a batch on the wire ({@code docs/protocol.md} §6): format, stream,
 * kind, layout, axes, sample rate, epoch, batch number, padding items, when resumable the base64
 * checkpoint, when any item has metadata its items' texts ({@link #ITEM_METADATA}), and for a live
 * batch its times ({@link #liveTimes}). Stateless and thread-safe.
 */
public final class BatchMetadata {

    /**
     * The key of the items' metadata texts (a shard sample's {@code .json} member): a JSON array of
     * strings, one per item in item order, the empty string for an item without; present only when
     * some item has metadata.
     */
    public static final String ITEM_METADATA = "item_metadata";

    private static final JsonFactory JSON = new JsonFactory();

    /** The value of the {@code format} key. */
    public static final String FORMAT = "reactive-audio/1";

    private BatchMetadata() {
    }

    /**
     * The metadata of batch {@code number} (from 1) of {@code epoch} in stream {@code stream}; the
     * checkpoint is included when {@code withCheckpoint} and the batch has one.
     */
    public static Map<String, String> of(String stream, BatchTensors tensors, long epoch, long number,
                                         boolean withCheckpoint) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("stream", stream);
        metadata.put("kind", tensors.kind());
        metadata.put("layout", tensors.layout());
        metadata.put("axes", tensors.axes());
        metadata.put("sample_rate", Integer.toString(tensors.sampleRate()));
        metadata.put("epoch", Long.toString(epoch));
        metadata.put("batch", Long.toString(number));
        metadata.put("padding", Integer.toString(tensors.padding()));
        if (withCheckpoint) {
            tensors.checkpoint().ifPresent(c -> metadata.put("checkpoint",
                    Base64.getEncoder().encodeToString(c.toBytes())));
        }
        List<String> texts = tensors.metadata();
        if (texts.stream().anyMatch(t -> !t.isEmpty())) {
            metadata.put(ITEM_METADATA, itemMetadata(texts));
        }
        liveTimes(metadata, tensors);
        return metadata;
    }

    /** The value of {@link #ITEM_METADATA} for these texts. */
    static String itemMetadata(List<String> texts) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (String text : texts) {
                g.writeString(text);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The items' texts in the value of {@link #ITEM_METADATA}.
     *
     * @throws IllegalArgumentException if it is not a JSON array of strings
     */
    public static List<String> parseItemMetadata(String value) {
        List<String> texts = new ArrayList<>();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(ITEM_METADATA + " is not a JSON array: " + value);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                texts.add(p.getText());
            }
            if (t != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException(ITEM_METADATA + " holds a " + t + ", not only strings");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(ITEM_METADATA + " is not valid JSON: " + e.getMessage(), e);
        }
        return texts;
    }

    /**
     * For a live batch ({@code docs/live.md}, "Serving a live pipeline"): {@code arrival_unix_ns},
     * each item's arrival time in nanoseconds since the Unix epoch, comma-separated in item order,
     * and {@code handover_unix_ns}, when this frame was made for the trainer, on the same clock, so
     * their difference is the time from arrival to hand-over. The source's clock is mapped to the
     * Unix clock at this moment.
     */
    private static void liveTimes(Map<String, String> metadata, BatchTensors tensors) {
        long[] arrivals = tensors.arrivalNanos();
        if (arrivals == null) {
            return;
        }
        long nanoTime = System.nanoTime();
        Instant now = Instant.now();
        long unixNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        StringJoiner joined = new StringJoiner(",");
        for (long arrival : arrivals) {
            joined.add(Long.toString(unixNanos - (nanoTime - arrival)));
        }
        metadata.put("arrival_unix_ns", joined.toString());
        metadata.put("handover_unix_ns", Long.toString(unixNanos));
    }
}
