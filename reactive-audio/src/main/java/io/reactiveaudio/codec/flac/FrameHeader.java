package io.reactiveaudio.codec.flac;

/**
 * The header of one frame, parsed from a {@link BitReader} and reused for every frame: block size in
 * samples per channel, sample rate in Hz, channel assignment and bits per sample, with codes that
 * defer to STREAMINFO resolved and the CRC-8 checked. Not thread-safe.
 */
final class FrameHeader {

    /** Channel assignment: channel 0 is left, channel 1 is side (left - right). */
    static final int LEFT_SIDE = 8;
    /** Channel assignment: channel 0 is side (left - right), channel 1 is right. */
    static final int SIDE_RIGHT = 9;
    /** Channel assignment: channel 0 is mid ((left + right) >> 1), channel 1 is side (left - right). */
    static final int MID_SIDE = 10;

    private static final int SYNC_CODE = 0x7FFC;
    private static final int[] RATES = {0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000,
        44_100, 48_000, 96_000};
    private static final int[] DEPTHS = {0, 8, 12, -1, 16, 20, 24, 32};

    private boolean variableBlockSize;
    private long number;
    private int blockSize;
    private int sampleRate;
    private int channelAssignment;
    private int channels;
    private int bitsPerSample;

    /**
     * Reads a header that starts at {@code bytes[start]}, where {@code in} is positioned.
     *
     * @throws FormatException when the header is damaged, uses reserved codes or disagrees with
     *     STREAMINFO, or {@link FormatException#END_OF_DATA}
     */
    void read(BitReader in, byte[] bytes, int start, StreamInfo info) {
        if (in.readUInt(15) != SYNC_CODE) {
            throw FormatException.corrupt("no frame sync code");
        }
        variableBlockSize = in.readUInt(1) == 1;
        int blockSizeCode = in.readUInt(4);
        int rateCode = in.readUInt(4);
        int channelCode = in.readUInt(4);
        int depthCode = in.readUInt(3);
        int reservedBit = in.readUInt(1);
        number = readCodedNumber(in, variableBlockSize ? 7 : 6);
        int explicitBlockSize = switch (blockSizeCode) {
            case 6 -> in.readUInt(8) + 1;
            case 7 -> in.readUInt(16) + 1;
            default -> 0;
        };
        int explicitRate = switch (rateCode) {
            case 12 -> in.readUInt(8) * 1000;
            case 13 -> in.readUInt(16);
            case 14 -> in.readUInt(16) * 10;
            default -> 0;
        };
        int end = in.bytePosition();
        if (in.readUInt(8) != Crc.crc8(bytes, start, end)) {
            throw FormatException.corrupt("frame header CRC-8 mismatch");
        }
        if (reservedBit != 0) {
            throw FormatException.unsupported("reserved bit set in frame header");
        }
        blockSize = blockSize(blockSizeCode, explicitBlockSize);
        sampleRate = sampleRate(rateCode, explicitRate, info);
        channelAssignment = channelCode;
        channels = channels(channelCode);
        bitsPerSample = bitsPerSample(depthCode, info);
        if (channels != info.channels()) {
            throw FormatException.corrupt("frame has " + channels + " channels, STREAMINFO " + info.channels());
        }
        if (bitsPerSample != info.bitsPerSample()) {
            throw FormatException.corrupt("frame has " + bitsPerSample + " bits per sample, STREAMINFO "
                    + info.bitsPerSample());
        }
        if (sampleRate != info.sampleRate()) {
            throw FormatException.corrupt("frame has sample rate " + sampleRate + " Hz, STREAMINFO "
                    + info.sampleRate() + " Hz");
        }
    }

    /** True when the header numbers samples (variable block size), false when it numbers frames. */
    boolean variableBlockSize() {
        return variableBlockSize;
    }

    /** The frame number (fixed block size) or the number of the first sample (variable block size). */
    long number() {
        return number;
    }

    /** Samples per channel in this frame (1 to 65536). */
    int blockSize() {
        return blockSize;
    }

    /** Sample rate in Hz. */
    int sampleRate() {
        return sampleRate;
    }

    /** 0 to 7 for that many independent channels minus one, or {@link #LEFT_SIDE}, {@link #SIDE_RIGHT}, {@link #MID_SIDE}. */
    int channelAssignment() {
        return channelAssignment;
    }

    /** Number of channels (1 to 8). */
    int channels() {
        return channels;
    }

    /** Bits per sample (4 to 32). */
    int bitsPerSample() {
        return bitsPerSample;
    }

    /** Reads a number coded like UTF-8, extended to 7 bytes (36 bits). */
    private static long readCodedNumber(BitReader in, int maxBytes) {
        int first = in.readUInt(8);
        if (first < 0x80) {
            return first;
        }
        int length = Integer.numberOfLeadingZeros(~first << 24);
        if (length < 2 || length > maxBytes) {
            throw FormatException.corrupt("invalid coded frame or sample number (first byte " + first + ")");
        }
        long value = first & (0x7F >>> length);
        for (int i = 1; i < length; i++) {
            int next = in.readUInt(8);
            if ((next & 0xC0) != 0x80) {
                throw FormatException.corrupt("invalid coded frame or sample number (byte " + next + ")");
            }
            value = (value << 6) | (next & 0x3F);
        }
        return value;
    }

    private static int blockSize(int code, int explicit) {
        if (code == 0) {
            throw FormatException.unsupported("reserved block size code 0");
        }
        if (code == 1) {
            return 192;
        }
        if (code <= 5) {
            return 576 << (code - 2);
        }
        if (code <= 7) {
            return explicit;
        }
        return 256 << (code - 8);
    }

    private static int sampleRate(int code, int explicit, StreamInfo info) {
        if (code == 0) {
            return info.sampleRate();
        }
        if (code < RATES.length) {
            return RATES[code];
        }
        if (code == 15) {
            throw FormatException.corrupt("forbidden sample rate code 15");
        }
        return explicit;
    }

    private static int channels(int code) {
        if (code <= 7) {
            return code + 1;
        }
        if (code <= MID_SIDE) {
            return 2;
        }
        throw FormatException.unsupported("reserved channel assignment " + code);
    }

    private static int bitsPerSample(int code, StreamInfo info) {
        if (code == 0) {
            return info.bitsPerSample();
        }
        if (DEPTHS[code] < 0) {
            throw FormatException.unsupported("reserved bit depth code " + code);
        }
        return DEPTHS[code];
    }
}
