package io.reactiveaudio.codec.mp3;

/**
 * One MPEG audio Layer III frame header (the 32 bits that open every frame), decoded.
 *
 * <p>{@link #parse} returns null for anything that is not a usable Layer III header, so a
 * scanner can test candidate positions cheaply. Immutable and thread-safe.
 */
final class FrameHeader {

    /** Bytes of a frame header. */
    static final int BYTES = 4;
    /** Bytes of the CRC that follows the header of a protected frame. */
    static final int CRC_BYTES = 2;

    private static final int[] BITRATE_MPEG1_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] BITRATE_LSF_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] RATE_MPEG1_HZ = {44100, 48000, 32000};

    /** Version code of the header: 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5. */
    private final int versionCode;
    private final int bitrateKbps;
    private final int sampleRate;
    private final boolean padding;
    private final boolean mono;
    private final boolean crc;

    private FrameHeader(int versionCode, int bitrateKbps, int sampleRate, boolean padding, boolean mono, boolean crc) {
        this.versionCode = versionCode;
        this.bitrateKbps = bitrateKbps;
        this.sampleRate = sampleRate;
        this.padding = padding;
        this.mono = mono;
        this.crc = crc;
    }

    /**
     * Decodes a big-endian header word, or returns null when it is not a Layer III header with a
     * valid version, bitrate (free format excluded) and sample rate.
     */
    static FrameHeader parse(int word) {
        if ((word & 0xFFE00000) != 0xFFE00000) {
            return null;
        }
        int version = (word >>> 19) & 3;
        int layer = (word >>> 17) & 3;
        int bitrateIndex = (word >>> 12) & 15;
        int rateIndex = (word >>> 10) & 3;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
                || (word & 3) == 2) {
            return null;
        }
        int kbps = version == 3 ? BITRATE_MPEG1_KBPS[bitrateIndex] : BITRATE_LSF_KBPS[bitrateIndex];
        int rate = RATE_MPEG1_HZ[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        return new FrameHeader(version, kbps, rate, ((word >>> 9) & 1) != 0, ((word >>> 6) & 3) == 3,
                ((word >>> 16) & 1) == 0);
    }

    /** True when {@code word} has the sync bits and MPEG version/layer marks of any audio frame. */
    static boolean looksLikeOtherLayer(int word) {
        int layer = (word >>> 17) & 3;
        return (word & 0xFFE00000) == 0xFFE00000 && ((word >>> 19) & 3) != 1 && (layer == 2 || layer == 3);
    }

    /** True when another header belongs to the same stream (version, sample rate and channel count). */
    boolean sameStreamAs(FrameHeader other) {
        return versionCode == other.versionCode && sampleRate == other.sampleRate && mono == other.mono;
    }

    /** Whole frame length in bytes, header included. */
    int frameBytes() {
        int slots = (versionCode == 3 ? 144_000 : 72_000) * bitrateKbps / sampleRate;
        return slots + (padding ? 1 : 0);
    }

    /** PCM frames (samples per channel) this MPEG frame decodes to: 1152 for MPEG-1, else 576. */
    int samplesPerFrame() {
        return versionCode == 3 ? 1152 : 576;
    }

    /** Bytes of side information after the header (and its CRC). */
    int sideInfoBytes() {
        if (versionCode == 3) {
            return mono ? 17 : 32;
        }
        return mono ? 9 : 17;
    }

    /** True when the frame carries a 16-bit CRC after its header (the protection bit is 0). */
    boolean hasCrc() {
        return crc;
    }

    /** "1", "2" or "2.5". */
    String mpegVersion() {
        return versionCode == 3 ? "1" : versionCode == 2 ? "2" : "2.5";
    }

    int bitrateKbps() {
        return bitrateKbps;
    }

    int sampleRate() {
        return sampleRate;
    }

    int channels() {
        return mono ? 1 : 2;
    }
}
