package io.reactiveaudio.codec.flac;

/**
 * The STREAMINFO metadata block, which every FLAC stream starts with. Immutable and thread-safe.
 *
 * @param minBlockSize smallest block in samples per channel (the last block excepted), as declared
 * @param maxBlockSize largest block in samples per channel, as declared
 * @param minFrameSize smallest frame in bytes, or 0 when unknown
 * @param maxFrameSize largest frame in bytes, or 0 when unknown
 * @param sampleRate samples per second per channel, in Hz (1 to 2^20 - 1)
 * @param channels number of channels (1 to 8)
 * @param bitsPerSample bits per sample (4 to 32)
 * @param totalSamples samples per channel in the stream, or 0 when unknown
 */
record StreamInfo(int minBlockSize, int maxBlockSize, int minFrameSize, int maxFrameSize, int sampleRate,
                  int channels, int bitsPerSample, long totalSamples) {

    /** Length of the block's body in bytes. */
    static final int LENGTH = 34;

    /**
     * Parses the 34-byte body of a STREAMINFO block (the MD5 signature is not kept).
     *
     * @throws FormatException when the sample rate is 0 (no audio) or the bit depth is below 4
     */
    static StreamInfo parse(byte[] body) {
        long packed = 0;
        for (int i = 10; i < 18; i++) {
            packed = (packed << 8) | (body[i] & 0xFF);
        }
        int sampleRate = (int) (packed >>> 44);
        int channels = (int) ((packed >>> 41) & 0x7) + 1;
        int bitsPerSample = (int) ((packed >>> 36) & 0x1F) + 1;
        long totalSamples = packed & 0xF_FFFF_FFFFL;
        if (sampleRate == 0) {
            throw FormatException.unsupported("STREAMINFO sample rate 0: the stream holds no audio");
        }
        if (bitsPerSample < 4) {
            throw FormatException.corrupt("STREAMINFO bit depth " + bitsPerSample + " is below the minimum of 4");
        }
        return new StreamInfo(unsigned(body, 0, 2), unsigned(body, 2, 2), unsigned(body, 4, 3),
                unsigned(body, 7, 3), sampleRate, channels, bitsPerSample, totalSamples);
    }

    private static int unsigned(byte[] bytes, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }
}
