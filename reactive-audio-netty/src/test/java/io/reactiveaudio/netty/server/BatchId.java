package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.internal.SafetensorsHeader;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What makes a received batch the batch it is: its epoch, its number in the epoch, the checkpoint
 * it carries (empty if none) and the CRC-32C of its whole data area (every tensor: indices,
 * ordinals, labels, lengths and the audio). Two runs delivered the same batches when their lists
 * of these are equal.
 *
 * @param epoch the {@code epoch} metadata
 * @param number the {@code batch} metadata
 * @param checkpoint the {@code checkpoint} metadata, base64, or empty
 * @param crc CRC-32C of the bytes after the safetensors header
 */
record BatchId(long epoch, long number, String checkpoint, long crc) {

    /** The identity of the safetensors file in {@code blob} (position to limit; not moved). */
    static BatchId of(ByteBuffer blob) {
        SafetensorsHeader header = SafetensorsHeader.parse(blob);
        Map<String, String> metadata = header.metadata();
        CRC32C crc = new CRC32C();
        crc.update(blob.duplicate().position(blob.position() + (int) header.dataStart()));
        return new BatchId(Long.parseLong(metadata.get("epoch")), Long.parseLong(metadata.get("batch")),
                metadata.getOrDefault("checkpoint", ""), crc.getValue());
    }

    /** The identity of a BATCH frame's payload. */
    static BatchId of(byte[] payload) {
        return of(ByteBuffer.wrap(payload));
    }

    @Override
    public String toString() {
        return "e" + epoch + "#" + number + (checkpoint.isEmpty() ? "" : "+ckpt") + "/" + Long.toHexString(crc);
    }
}
