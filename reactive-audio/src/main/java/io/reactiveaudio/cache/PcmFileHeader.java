package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The header of a cache file, little-endian, padded to a multiple of 64 bytes; the samples
 * follow it, interleaved, in the header's {@link CacheFormat}, and after them the block table:
 * one int per {@value #BLOCK_BYTES}-byte block of the sample bytes (the last one shorter), the
 * block's CRC-32C, so each block can be checked when it is first read.
 *
 * <pre>
 *  0  8 bytes  magic "RAPCM\r\n\032"
 *  8  int      version (2)
 * 12  int      header length in bytes = offset of the samples
 * 16  int      format (0 FLOAT32, 1 INT16)
 * 20  int      sample rate, Hz
 * 24  int      channels
 * 28  int      bits per sample of the source (0 for lossy formats)
 * 32  long     frames
 * 40  long     CRC-32C of the block table's bytes
 * 48  int n, n bytes   codec name (UTF-8)
 *     int m, m bytes   the cache key's text (UTF-8)
 * </pre>
 *
 * Immutable.
 */
record PcmFileHeader(CacheFormat format, AudioInfo info, long crc, String key) {

    static final int VERSION = 2;
    /** Sample bytes per checked block. */
    static final int BLOCK_BYTES = 1 << 20;
    static final int FRAMES_OFFSET = 32;
    static final int CRC_OFFSET = 40;
    /** Enough to tell a cache file from anything else before trusting its lengths. */
    static final int FIXED_BYTES = 48;
    private static final byte[] MAGIC = {'R', 'A', 'P', 'C', 'M', '\r', '\n', 032};
    private static final int MAX_TEXT_BYTES = 1 << 16;

    /** Header length in bytes, a multiple of 64. */
    int length() {
        int raw = FIXED_BYTES + 4 + utf8(info.codec().name()).length + 4 + utf8(key).length;
        return (raw + 63) & ~63;
    }

    /** Byte offset of sample frame {@code frame}. */
    long offsetOf(long frame) {
        return length() + frame * info.channels() * format.bytesPerSample();
    }

    /** Bytes of samples. */
    long sampleBytes() {
        return info.frames() * info.channels() * format.bytesPerSample();
    }

    /** Blocks in the block table: one per {@value #BLOCK_BYTES} sample bytes, rounded up. */
    int blocks() {
        return blocks(sampleBytes());
    }

    /** Blocks covering {@code sampleBytes} bytes of samples. */
    static int blocks(long sampleBytes) {
        return Math.toIntExact((sampleBytes + BLOCK_BYTES - 1) / BLOCK_BYTES);
    }

    /** The length of a complete cache file of this header: header, samples, block table. */
    long fileLength() {
        return offsetOf(info.frames()) + (long) Integer.BYTES * blocks();
    }

    /** The header bytes, position 0, limit {@link #length()}. */
    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(length()).putInt(format.ordinal())
                .putInt(info.sampleRate()).putInt(info.channels()).putInt(info.bitsPerSample())
                .putLong(info.frames()).putLong(crc);
        byte[] codec = utf8(info.codec().name());
        byte[] keyBytes = utf8(key);
        b.putInt(codec.length).put(codec).putInt(keyBytes.length).put(keyBytes);
        return b.clear();
    }

    /**
     * Reads a header for the given file of the audio, or empty when the bytes are not a header
     * of this version (another format, a foreign file, an unknown codec, lengths out of range,
     * a frame count whose file length a long cannot hold).
     *
     * @param bytes the file's first bytes, little-endian, at least {@link #FIXED_BYTES} or empty
     */
    static Optional<PcmFileHeader> decode(ByteBuffer bytes, java.nio.file.Path file) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < FIXED_BYTES) {
            return Optional.empty();
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC) || b.getInt() != VERSION) {
            return Optional.empty();
        }
        int length = b.getInt();
        int format = b.getInt();
        int rate = b.getInt();
        int channels = b.getInt();
        int bits = b.getInt();
        long frames = b.getLong();
        long crc = b.getLong();
        if (length > bytes.remaining() || format < 0 || format >= CacheFormat.values().length
                || rate <= 0 || channels <= 0 || frames < 0) {
            return Optional.empty();
        }
        Optional<String> codec = text(b);
        Optional<String> key = codec.isPresent() ? text(b) : Optional.empty();
        if (key.isEmpty() || Arrays.stream(Codec.values()).noneMatch(c -> c.name().equals(codec.get()))) {
            return Optional.empty();
        }
        AudioInfo info = new AudioInfo(file, Codec.valueOf(codec.get()), rate, channels, frames, bits, Optional.empty());
        PcmFileHeader header = new PcmFileHeader(CacheFormat.values()[format], info, crc, key.get());
        return header.length() == length && header.lengthsRepresentable() ? Optional.of(header) : Optional.empty();
    }

    /**
     * Whether the file this header describes has a length a long holds and a block table an int
     * counts; a damaged frame count that breaks either is not a header (its reader would fail
     * computing the file's length instead of finding the file unusable).
     */
    private boolean lengthsRepresentable() {
        try {
            long samples = Math.multiplyExact(Math.multiplyExact(info.frames(), (long) info.channels()),
                    (long) format.bytesPerSample());
            long blocks = samples / BLOCK_BYTES + (samples % BLOCK_BYTES == 0 ? 0 : 1);
            return blocks <= Integer.MAX_VALUE
                    && Math.addExact(Math.addExact(length(), samples), Integer.BYTES * blocks) > 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static Optional<String> text(ByteBuffer b) {
        if (b.remaining() < 4) {
            return Optional.empty();
        }
        int n = b.getInt();
        if (n < 0 || n > MAX_TEXT_BYTES || n > b.remaining()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
