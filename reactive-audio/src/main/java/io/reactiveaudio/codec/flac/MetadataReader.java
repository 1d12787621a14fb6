package io.reactiveaudio.codec.flac;

import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.Id3v2Tag;

/**
 * Reads what precedes the audio of a FLAC file: leading ID3v2 tags (skipped by seeking), the
 * {@code fLaC} marker, STREAMINFO, and the other metadata blocks (skipped by seeking), leaving the
 * input at the first frame. Stateless and thread-safe; the input itself is not.
 */
final class MetadataReader {

    private static final int STREAMINFO = 0;
    private static final int FORBIDDEN_TYPE = 127;
    private static final int BLOCK_HEADER_LENGTH = 4;

    private MetadataReader() {
    }

    /**
     * Reads the headers from the start of the file.
     *
     * @throws io.reactiveaudio.codec.AudioDecodeException EMPTY for a file of no bytes; CORRUPT,
     *     UNSUPPORTED or TRUNCATED, with the offset of the marker or block, for bad headers
     */
    static StreamInfo read(ByteInput in) {
        long size = in.size();
        if (size == 0) {
            throw in.error(Kind.EMPTY, 0, "file is empty");
        }
        skipId3v2Tags(in, size);
        long markerAt = in.position();
        byte[] bytes = new byte[StreamInfo.LENGTH];
        if (in.readFully(bytes, 0, 4) < 4 || bytes[0] != 'f' || bytes[1] != 'L' || bytes[2] != 'a' || bytes[3] != 'C') {
            throw in.error(Kind.CORRUPT, markerAt, "no fLaC marker: not a FLAC stream");
        }
        StreamInfo info = null;
        boolean last = false;
        while (!last) {
            long blockAt = in.position();
            if (in.readFully(bytes, 0, BLOCK_HEADER_LENGTH) < BLOCK_HEADER_LENGTH) {
                throw in.error(Kind.TRUNCATED, blockAt, "file ends inside a metadata block header");
            }
            last = (bytes[0] & 0x80) != 0;
            int type = bytes[0] & 0x7F;
            int length = ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
            if (info == null) {
                info = readStreamInfo(in, blockAt, type, length, bytes);
            } else {
                skipBlock(in, blockAt, type, length, size);
            }
        }
        return info;
    }

    private static void skipId3v2Tags(ByteInput in, long size) {
        byte[] header = new byte[Id3v2Tag.HEADER_LENGTH];
        while (true) {
            long tagAt = in.position();
            long length = Id3v2Tag.length(header, 0, in.readFully(header, 0, header.length));
            if (length < 0) {
                in.seek(tagAt);
                return;
            }
            if (tagAt + length > size) {
                throw in.error(Kind.TRUNCATED, tagAt, "file ends inside an ID3v2 tag of " + length + " bytes");
            }
            in.skip(length - Id3v2Tag.HEADER_LENGTH);
        }
    }

    private static StreamInfo readStreamInfo(ByteInput in, long blockAt, int type, int length, byte[] bytes) {
        if (type != STREAMINFO || length != StreamInfo.LENGTH) {
            throw in.error(Kind.CORRUPT, blockAt, "first metadata block is not a STREAMINFO block (type " + type
                    + ", " + length + " bytes)");
        }
        if (in.readFully(bytes, 0, StreamInfo.LENGTH) < StreamInfo.LENGTH) {
            throw in.error(Kind.TRUNCATED, blockAt, "file ends inside the STREAMINFO block");
        }
        try {
            return StreamInfo.parse(bytes);
        } catch (FormatException e) {
            throw in.error(e.kind(), blockAt, e.getMessage());
        }
    }

    private static void skipBlock(ByteInput in, long blockAt, int type, int length, long size) {
        if (type == STREAMINFO) {
            throw in.error(Kind.CORRUPT, blockAt, "second STREAMINFO block");
        }
        if (type == FORBIDDEN_TYPE) {
            throw in.error(Kind.CORRUPT, blockAt, "forbidden metadata block type 127");
        }
        if (in.position() + length > size) {
            throw in.error(Kind.TRUNCATED, blockAt, "file ends inside a metadata block of type " + type + " ("
                    + length + " bytes)");
        }
        in.skip(length);
    }
}
