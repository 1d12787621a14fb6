package io.reactiveaudio.codec.wav;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import java.nio.charset.StandardCharsets;

/**
 * Walks the chunks of a RIFF/WAVE, RF64 or BW64 file to find {@code fmt } and {@code data}, in
 * any order.
 *
 * <p>Chunks it does not need are skipped by seeking, never read; odd-sized chunks are followed by
 * a pad byte. The RIFF size field is ignored (writers often get it wrong); the file size bounds
 * the walk instead. A data size of 0xFFFFFFFF, or of 0 where no chunk header follows, means the
 * writer streamed to a pipe and the data runs to the end of the file. In RF64/BW64 files a data
 * size of 0xFFFFFFFF is replaced by the 64-bit size in the {@code ds64} chunk. A data chunk that
 * declares 0 bytes while more chunks follow does not end the search: the samples are in the first
 * data chunk that holds any (some writers leave an empty one in front); the file is empty only
 * when there is none. Of several {@code fmt } chunks the first counts, as in other RIFF readers.
 * Not thread-safe.
 */
final class WavHeaderReader {

    private static final long SIZE_UNKNOWN = 0xFFFF_FFFFL;
    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int DS64_BODY_BYTES = 24;

    private final ByteInput in;
    private final long fileSize;
    private final byte[] scratch = new byte[FmtChunk.MAX_BODY_BYTES];
    private boolean rf64;
    private long ds64DataSize = WavHeader.TO_END_OF_FILE;
    private FmtChunk fmt;
    private long dataOffset = -1;
    private long declaredBytes;
    /** Offset of the first data chunk that declares 0 bytes while more chunks follow, or -1. */
    private long emptyDataOffset = -1;

    private WavHeaderReader(ByteInput in) {
        this.in = in;
        this.fileSize = in.size();
    }

    /** True when {@code head} starts with a RIFF, RF64 or BW64 header of form type WAVE. */
    static boolean isWave(byte[] head, int length) {
        return length >= RIFF_HEADER_BYTES && isRiffId(id(head, 0)) && "WAVE".equals(id(head, 8));
    }

    /**
     * Reads the headers from the input's position (the start of the file).
     *
     * @throws AudioDecodeException EMPTY for an empty file or one without a data chunk, CORRUPT
     *     for a non-WAVE file, a missing or inconsistent fmt chunk, TRUNCATED when the file ends
     *     inside a chunk header or inside a chunk that had to be read or crossed, UNSUPPORTED for
     *     encodings other than integer PCM and IEEE float
     */
    static WavHeader read(ByteInput in) {
        return new WavHeaderReader(in).read();
    }

    private WavHeader read() {
        long start = in.position();
        if (fileSize == 0) {
            throw in.error(AudioDecodeException.Kind.EMPTY, 0, "file is empty");
        }
        int n = in.readFully(scratch, 0, RIFF_HEADER_BYTES);
        if (n >= 4 && !isRiffId(id(scratch, 0))) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, start, "not a RIFF file (starts with "
                    + quoted(id(scratch, 0)) + ")");
        }
        if (n < RIFF_HEADER_BYTES) {
            throw in.error(AudioDecodeException.Kind.TRUNCATED, start + n, "file ends inside the RIFF header");
        }
        if (!"WAVE".equals(id(scratch, 8))) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, start + 8, "RIFF form type is "
                    + quoted(id(scratch, 8)) + ", not WAVE");
        }
        rf64 = !"RIFF".equals(id(scratch, 0));
        while ((fmt == null || dataOffset < 0) && in.position() < fileSize) {
            readChunk();
        }
        if (dataOffset < 0 && emptyDataOffset >= 0) {
            dataOffset = emptyDataOffset;
            declaredBytes = 0;
        }
        if (dataOffset < 0) {
            throw in.error(AudioDecodeException.Kind.EMPTY, fileSize, "no data chunk before the end of the file");
        }
        if (fmt == null) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, fileSize, "no fmt chunk before the end of the file");
        }
        long present = Math.max(0, fileSize - dataOffset);
        if (declaredBytes != WavHeader.TO_END_OF_FILE) {
            present = Math.min(present, declaredBytes);
        }
        return new WavHeader(fmt, dataOffset, present, declaredBytes);
    }

    /** Reads the chunk header at the position, handles the chunk and moves to the next one. */
    private void readChunk() {
        long header = in.position();
        int n = in.readFully(scratch, 0, CHUNK_HEADER_BYTES);
        if (n < CHUNK_HEADER_BYTES) {
            throw in.error(AudioDecodeException.Kind.TRUNCATED, header,
                    "chunk header cut off (" + n + " of 8 bytes present)");
        }
        String id = id(scratch, 0);
        long size = LittleEndian.u32(scratch, 4);
        long body = header + CHUNK_HEADER_BYTES;
        switch (id) {
            case "fmt " -> {
                if (fmt == null) {
                    fmt = readFmt(header, size);
                }
            }
            case "ds64" -> {
                if (rf64) {
                    readDs64(header, size);
                }
            }
            case "data" -> {
                long declared = dataOffset < 0 ? dataSize(size, body) : size;
                if (dataOffset < 0 && declared == 0) {
                    emptyDataOffset = emptyDataOffset < 0 ? body : emptyDataOffset;
                } else if (dataOffset < 0) {
                    dataOffset = body;
                    declaredBytes = declared;
                    if (declaredBytes == WavHeader.TO_END_OF_FILE) {
                        in.seek(fileSize);
                        return;
                    }
                    size = declaredBytes;
                }
            }
            default -> {
                // a chunk this decoder does not use: skipped below
            }
        }
        boolean stillSearching = fmt == null || (dataOffset < 0 && emptyDataOffset < 0);
        if (stillSearching && !"data".equals(id) && body + size > fileSize) {
            throw in.error(AudioDecodeException.Kind.TRUNCATED, header, "chunk " + quoted(id) + " declares "
                    + size + " bytes but the file ends after " + (fileSize - body));
        }
        in.seek(body + size + (size & 1));
    }

    private FmtChunk readFmt(long header, long size) {
        if (size < FmtChunk.MIN_BODY_BYTES) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, header, "fmt chunk of " + size + " bytes, needs 16");
        }
        int wanted = (int) Math.min(size, FmtChunk.MAX_BODY_BYTES);
        int n = in.readFully(scratch, 0, wanted);
        if (n < wanted) {
            throw in.error(AudioDecodeException.Kind.TRUNCATED, header,
                    "fmt chunk cut off (" + n + " of " + size + " bytes present)");
        }
        return FmtChunk.parse(scratch, n, header, in);
    }

    private void readDs64(long header, long size) {
        if (size < DS64_BODY_BYTES) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, header, "ds64 chunk of " + size + " bytes, needs 24");
        }
        int n = in.readFully(scratch, 0, DS64_BODY_BYTES);
        if (n < DS64_BODY_BYTES) {
            throw in.error(AudioDecodeException.Kind.TRUNCATED, header,
                    "ds64 chunk cut off (" + n + " of " + size + " bytes present)");
        }
        ds64DataSize = LittleEndian.s64(scratch, 8);
    }

    /** The data size in bytes, or {@link WavHeader#TO_END_OF_FILE} for streamed files. */
    private long dataSize(long field, long body) {
        long size = field;
        if (field == SIZE_UNKNOWN) {
            size = rf64 ? ds64DataSize : WavHeader.TO_END_OF_FILE;
        }
        if (size < 0 || (size == 0 && !chunkHeaderAt(body))) {
            return WavHeader.TO_END_OF_FILE;
        }
        return size;
    }

    /** Whether the bytes at {@code position} (the input's position) look like a chunk header that fits the file. */
    private boolean chunkHeaderAt(long position) {
        if (fileSize - position < CHUNK_HEADER_BYTES) {
            return false;
        }
        in.peek(scratch, 0, CHUNK_HEADER_BYTES);
        for (int i = 0; i < 4; i++) {
            if (scratch[i] < 0x20 || scratch[i] > 0x7E) {
                return false;
            }
        }
        return position + CHUNK_HEADER_BYTES + LittleEndian.u32(scratch, 4) <= fileSize;
    }

    private static boolean isRiffId(String id) {
        return "RIFF".equals(id) || "RF64".equals(id) || "BW64".equals(id);
    }

    private static String id(byte[] b, int offset) {
        return new String(b, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String quoted(String id) {
        StringBuilder s = new StringBuilder("'");
        for (char c : id.toCharArray()) {
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return s.append('\'').toString();
    }
}
