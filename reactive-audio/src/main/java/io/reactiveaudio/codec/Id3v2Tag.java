package io.reactiveaudio.codec;

/**
 * Recognises an ID3v2 tag (in front of MP3 streams, and of FLAC streams by some tools) from its
 * 10-byte header:
 * {@code "ID3"}, version, revision, flags, and a 28-bit syncsafe size that excludes the header and
 * the optional 10-byte footer. Stateless and thread-safe.
 */
public final class Id3v2Tag {

    /** Bytes of the tag header. */
    public static final int HEADER_LENGTH = 10;

    private static final int FOOTER_FLAG = 0x10;

    private Id3v2Tag() {
    }

    /**
     * The length in bytes of the whole tag (header, body and footer) that starts at
     * {@code bytes[offset]}, or -1 when no valid ID3v2 header starts there (a version or size byte
     * of {@code 0xFF}, a size byte with its top bit set) or fewer than {@link #HEADER_LENGTH} bytes
     * are available. Never less than {@link #HEADER_LENGTH} otherwise, so skipping makes progress.
     */
    public static long length(byte[] bytes, int offset, int available) {
        if (available < HEADER_LENGTH || bytes[offset] != 'I' || bytes[offset + 1] != 'D' || bytes[offset + 2] != '3'
                || bytes[offset + 3] == (byte) 0xFF || bytes[offset + 4] == (byte) 0xFF) {
            return -1;
        }
        long size = 0;
        for (int i = offset + 6; i < offset + HEADER_LENGTH; i++) {
            if (bytes[i] < 0) {
                return -1;
            }
            size = (size << 7) | bytes[i];
        }
        boolean footer = (bytes[offset + 5] & FOOTER_FLAG) != 0;
        return HEADER_LENGTH + size + (footer ? HEADER_LENGTH : 0);
    }

    /**
     * Whether {@code bytes} start with the {@code "ID3"} identifier, whatever follows (a tag whose
     * header is damaged still marks the file as the start of an MP3 stream).
     */
    public static boolean startsWithMagic(byte[] bytes, int available) {
        return available >= 3 && bytes[0] == 'I' && bytes[1] == 'D' && bytes[2] == '3';
    }

    /**
     * The position after the consecutive ID3v2 tags that start at {@code at} (or {@code at} itself
     * when none does), found by reading their headers and seeking past their bodies.
     */
    public static long skipAll(ByteInput in, long at) {
        byte[] header = new byte[HEADER_LENGTH];
        long position = at;
        while (true) {
            in.seek(position);
            long length = length(header, 0, in.readFully(header, 0, HEADER_LENGTH));
            if (length < 0) {
                in.seek(position);
                return position;
            }
            position += length;
        }
    }
}
