package io.reactiveaudio.netty.internal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code __metadata__} of a batch on the wire ({@code docs/protocol.md} §6): format, stream,
 * kind, layout, axes, sample rate, epoch, batch number, padding items and, when resumable, the base64
 * checkpoint.
 * Stateless and thread-safe.
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
        return metadata;
    }
}
