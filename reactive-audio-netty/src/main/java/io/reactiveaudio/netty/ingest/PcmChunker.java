package io.reactiveaudio.netty.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a byte stream cut anywhere into float32 chunks of whole frames, at most {@code maxFrames}
 * each: the bytes of a frame split across two buffers are held until the rest arrives. Not
 * thread-safe: one per connection.
 */
final class PcmChunker {

    private final PcmEncoding encoding;
    private final int frameBytes;
    private final int maxFrames;
    private final byte[] partial;
    private int held;

    PcmChunker(PcmEncoding encoding, int channels, int maxFrames) {
        this.encoding = encoding;
        this.maxFrames = maxFrames;
        this.frameBytes = encoding.bytesPerSample() * channels;
        this.partial = new byte[frameBytes];
    }

    /** Bytes received and held until the rest of their frame arrives. */
    int heldBytes() {
        return held;
    }

    /** The whole frames completed by {@code in} (reading all of it), as chunks of interleaved samples. */
    List<float[]> next(ByteBuf in) {
        int frames = (held + in.readableBytes()) / frameBytes;
        int perFrame = frameBytes / encoding.bytesPerSample();
        List<float[]> chunks = new ArrayList<>(frames / maxFrames + 1);
        for (int done = 0; done < frames; ) {
            int n = Math.min(maxFrames, frames - done);
            float[] out = new float[n * perFrame];
            int at = 0;
            if (held > 0) {
                in.readBytes(partial, held, frameBytes - held);
                encoding.read(Unpooled.wrappedBuffer(partial), out, 0, perFrame);
                at = perFrame;
                held = 0;
            }
            encoding.read(in, out, at, out.length - at);
            chunks.add(out);
            done += n;
        }
        int rest = in.readableBytes();
        in.readBytes(partial, held, rest);
        held += rest;
        return chunks;
    }
}
