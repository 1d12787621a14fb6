package io.reactiveaudio.netty.internal;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code __metadata__} of a batch on the wire ({@code docs/protocol.md} §6): format, stream,
 * kind, layout, axes, sample rate, epoch, batch number, padding items, when resumable the base64
 * checkpoint, and for a live batch its times ({@link #liveTimes}). Stateless and thread-safe.
 */
public final class BatchMetadata {

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
        liveTimes(metadata, tensors);
        return metadata;
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
