package io.reactiveaudio.netty.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactiveaudio.netty.internal.FrameType;
import io.reactiveaudio.netty.internal.Frames;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The HANDSHAKE a client opens a connection with ({@code docs/protocol.md} §3): stream name,
 * rank and world size, seed, first epoch and epoch count, the checkpoint to resume after (empty
 * when not resuming) and the bearer token (empty when none).
 *
 * <p>Immutable (the byte arrays are copied in and out) and thread-safe.
 *
 * @param stream stream name, 1 to 255 bytes of UTF-8
 * @param rank this trainer's rank, from 0
 * @param worldSize trainers sharing each epoch, at least 1 (ranges are the server's to check)
 * @param seed seed of every random draw
 * @param epoch first epoch to serve, from 0
 * @param epochs epochs to serve, 0 for all the stream gives
 * @param resume checkpoint bytes ({@code Checkpoint.toBytes()}), empty when not resuming
 * @param token bearer token bytes, empty when none
 */
public record Handshake(String stream, int rank, int worldSize, long seed, long epoch, long epochs, byte[] resume,
                        byte[] token) {

    /** The magic bytes {@code RAUD} as a little-endian u32. */
    public static final int MAGIC = 0x44554152;
    /** The protocol version this code speaks. */
    public static final int VERSION = 1;
    /** The most bytes of a stream name. */
    public static final int MAX_STREAM_BYTES = 255;

    public Handshake {
        Objects.requireNonNull(stream, "stream");
        int nameBytes = stream.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes < 1 || nameBytes > MAX_STREAM_BYTES) {
            throw new IllegalArgumentException("a stream name takes 1.." + MAX_STREAM_BYTES + " bytes: " + stream);
        }
        if (epoch < 0 || epochs < 0) {
            throw new IllegalArgumentException("epoch and epochs must not be negative: " + epoch + ", " + epochs);
        }
        resume = resume == null ? new byte[0] : resume.clone();
        token = token == null ? new byte[0] : token.clone();
        if (token.length > 0xFFFF) {
            throw new IllegalArgumentException("a token takes at most 65535 bytes");
        }
    }

    @Override
    public byte[] resume() {
        return resume.clone();
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    /** Whether a checkpoint to resume after is given. */
    public boolean resuming() {
        return resume.length > 0;
    }

    /** The whole HANDSHAKE frame, header included. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        int length = 4 + 2 + 2 + name.length + 4 + 4 + 8 + 8 + 8 + 4 + resume.length + 2 + token.length;
        ByteBuf out = alloc.buffer(Frames.HEADER_BYTES + length);
        Frames.writeHeader(out, FrameType.HANDSHAKE, length);
        out.writeIntLE(MAGIC).writeShortLE(VERSION).writeShortLE(name.length).writeBytes(name);
        out.writeIntLE(rank).writeIntLE(worldSize).writeLongLE(seed).writeLongLE(epoch).writeLongLE(epochs);
        out.writeIntLE(resume.length).writeBytes(resume);
        out.writeShortLE(token.length).writeBytes(token);
        return out;
    }

    /**
     * Reads a HANDSHAKE payload (the bytes after the frame header), which it consumes.
     *
     * @throws ProtocolException {@code BAD_MAGIC}, {@code UNSUPPORTED_VERSION} or
     *     {@code MALFORMED_HANDSHAKE}
     */
    public static Handshake decode(ByteBuf payload) {
        if (payload.readableBytes() < 6) {
            throw malformed("the handshake is " + payload.readableBytes() + " bytes, too short for magic and version");
        }
        if (payload.readIntLE() != MAGIC) {
            throw new ProtocolException(ErrorCode.BAD_MAGIC, "the handshake does not start with RAUD");
        }
        int version = payload.readUnsignedShortLE();
        if (version != VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + version + " is not supported; this server speaks " + VERSION);
        }
        int nameLength = unsignedShort(payload, "stream_len");
        if (nameLength < 1 || nameLength > MAX_STREAM_BYTES) {
            throw malformed("stream_len must be 1.." + MAX_STREAM_BYTES + ": " + nameLength);
        }
        String stream = utf8(bytes(payload, nameLength, "stream"), "stream");
        need(payload, 4 + 4 + 8 + 8 + 8 + 4, "rank, world_size, seed, epoch, epochs, resume_len");
        int rank = payload.readIntLE();
        int worldSize = payload.readIntLE();
        long seed = payload.readLongLE();
        long epoch = payload.readLongLE();
        long epochs = payload.readLongLE();
        if (rank < 0 || worldSize < 0 || epoch < 0 || epochs < 0) {
            throw malformed("rank, world_size, epoch and epochs must be below 2^31 (2^63 for epochs)");
        }
        long resumeLength = payload.readUnsignedIntLE();
        byte[] resume = bytes(payload, resumeLength, "resume");
        byte[] token = bytes(payload, unsignedShort(payload, "token_len"), "token");
        if (payload.isReadable()) {
            throw malformed(payload.readableBytes() + " bytes after the token");
        }
        return new Handshake(stream, rank, worldSize, seed, epoch, epochs, resume, token);
    }

    private static int unsignedShort(ByteBuf payload, String field) {
        need(payload, 2, field);
        return payload.readUnsignedShortLE();
    }

    private static byte[] bytes(ByteBuf payload, long length, String field) {
        need(payload, length, field);
        byte[] out = new byte[(int) length];
        payload.readBytes(out);
        return out;
    }

    private static void need(ByteBuf payload, long bytes, String field) {
        if (payload.readableBytes() < bytes) {
            throw malformed("the handshake ends before " + field + " (" + bytes + " bytes needed, "
                    + payload.readableBytes() + " left)");
        }
    }

    private static String utf8(byte[] bytes, String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(field + " is not UTF-8");
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ErrorCode.MALFORMED_HANDSHAKE, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && stream.equals(h.stream) && rank == h.rank && worldSize == h.worldSize
                && seed == h.seed && epoch == h.epoch && epochs == h.epochs && Arrays.equals(resume, h.resume)
                && Arrays.equals(token, h.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, rank, worldSize, seed, epoch, epochs, Arrays.hashCode(resume));
    }

    @Override
    public String toString() {
        return "Handshake{stream=" + stream + ", rank=" + rank + "/" + worldSize + ", seed=" + seed + ", epoch=" + epoch
                + ", epochs=" + epochs + ", resume=" + resume.length + " bytes, token=" + (token.length > 0) + "}";
    }
}
