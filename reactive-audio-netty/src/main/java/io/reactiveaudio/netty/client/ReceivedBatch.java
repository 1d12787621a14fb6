package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.netty.internal.BatchMetadata;
import io.reactiveaudio.netty.internal.SafetensorsHeader;
import io.reactiveaudio.netty.internal.SafetensorsHeader.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A batch as received from an {@code AudioServer}: the safetensors blob of a BATCH frame
 * ({@code docs/protocol.md} §6) in one direct buffer, with views of its tensors and its
 * metadata. The big tensor is {@code audio} or {@code features} ({@link #kind()}).
 *
 * <p><b>Release.</b> The buffer comes from Netty's allocator; whoever holds the batch last
 * releases it ({@link #release()} or {@link #close()}), as with a pipeline's {@code Batch}.
 * Release is idempotent; views taken before must not be read after it. The arrays returned
 * ({@link #labels()}, ...) are copies and stay valid.
 *
 * <p>Thread-safe for reading; release from any thread.
 */
public final class ReceivedBatch implements AutoCloseable {

    private final ByteBuf blob;
    private final ByteBuffer file;
    private final SafetensorsHeader header;
    private final AtomicBoolean released = new AtomicBoolean();

    /** Takes ownership of {@code blob}; releases it if it is not a valid safetensors file. */
    ReceivedBatch(ByteBuf blob) {
        this.blob = blob;
        try {
            this.file = blob.nioBuffer(blob.readerIndex(), blob.readableBytes()).order(ByteOrder.LITTLE_ENDIAN);
            this.header = SafetensorsHeader.parse(file);
            if (!header.tensors().containsKey(kind())) {
                throw new IllegalArgumentException("the batch has no " + kind() + " tensor");
            }
        } catch (RuntimeException e) {
            blob.release();
            throw e;
        }
    }

    /** {@code audio} or {@code features}: the name of the big tensor. */
    public String kind() {
        return header.metadata().getOrDefault("kind", "audio");
    }

    /** The stream it came from. */
    public String stream() {
        return header.metadata().get("stream");
    }

    /** The epoch it belongs to. */
    public long epoch() {
        return Long.parseLong(header.metadata().get("epoch"));
    }

    /** Its number in its epoch, from 1. */
    public long number() {
        return Long.parseLong(header.metadata().get("batch"));
    }

    /** The big tensor's layout: {@code BTC}, {@code BCT}, {@code BINS_FRAMES} or {@code FRAMES_BINS}. */
    public String layout() {
        return header.metadata().get("layout");
    }

    /** Sample rate of every item, in Hz. */
    public int sampleRate() {
        return Integer.parseInt(header.metadata().get("sample_rate"));
    }

    /** The big tensor's dimensions, outermost first. */
    public long[] shape() {
        return header.tensors().get(kind()).shape().clone();
    }

    /** Items in the batch, B. */
    public int size() {
        return (int) shape()[0];
    }

    /** All metadata strings. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /**
     * Each item's metadata text (a shard sample's {@code .json} member), in item order, the empty
     * string for an item without; all empty when the server sent none.
     */
    public List<String> itemMetadata() {
        String value = header.metadata().get(BatchMetadata.ITEM_METADATA);
        return value == null ? Collections.nCopies(size(), "") : BatchMetadata.parseItemMetadata(value);
    }

    /** The checkpoint to resume after this batch, if the server sent one. */
    public Optional<Checkpoint> checkpoint() {
        return checkpointBytes().map(Checkpoint::fromBytes);
    }

    /** The checkpoint's bytes, base64-decoded, if the server sent one. */
    public Optional<byte[]> checkpointBytes() {
        return Optional.ofNullable(header.metadata().get("checkpoint")).map(Base64.getDecoder()::decode);
    }

    /** The big tensor's bytes: a read-only little-endian view, position 0. */
    public ByteBuffer data() {
        return tensor(kind());
    }

    /** The big tensor's values, in layout order. */
    public FloatBuffer floats() {
        return data().asFloatBuffer();
    }

    /** Each item's class number, -1 if unlabelled. */
    public int[] labels() {
        return ints("labels");
    }

    /** Each item's valid frames of audio. */
    public int[] lengths() {
        return ints("lengths");
    }

    /** Each item's valid feature frames; empty for an audio batch. */
    public int[] frameLengths() {
        return header.tensors().containsKey("frame_lengths") ? ints("frame_lengths") : new int[0];
    }

    /** Each item's source index. */
    public long[] indices() {
        return longs("indices");
    }

    /** Each item's segment ordinal within its source. */
    public long[] ordinals() {
        return longs("ordinals");
    }

    /**
     * A read-only little-endian view of tensor {@code name}'s bytes, position 0.
     *
     * @throws IllegalArgumentException if there is no such tensor
     * @throws IllegalStateException if the batch has been released
     */
    public ByteBuffer tensor(String name) {
        Tensor t = header.tensors().get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " in " + header.tensors().keySet());
        }
        if (released.get()) {
            throw new IllegalStateException("batch released");
        }
        int start = (int) (header.dataStart() + t.begin());
        return file.slice(start, (int) (t.end() - t.begin())).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The whole safetensors file: a read-only view, position 0. */
    public ByteBuffer blob() {
        if (released.get()) {
            throw new IllegalStateException("batch released");
        }
        return file.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Frees the buffer, once; returns whether this call did. */
    public boolean release() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        blob.release();
        return true;
    }

    /** Whether it has been released. */
    public boolean isReleased() {
        return released.get();
    }

    @Override
    public void close() {
        release();
    }

    private int[] ints(String name) {
        ByteBuffer b = tensor(name);
        int[] out = new int[b.remaining() / Integer.BYTES];
        b.asIntBuffer().get(out);
        return out;
    }

    private long[] longs(String name) {
        ByteBuffer b = tensor(name);
        long[] out = new long[b.remaining() / Long.BYTES];
        b.asLongBuffer().get(out);
        return out;
    }

    @Override
    public String toString() {
        return "ReceivedBatch{" + stream() + " epoch " + epoch() + " #" + number() + " " + kind()
                + java.util.Arrays.toString(shape()) + (released.get() ? ", released" : "") + "}";
    }
}
