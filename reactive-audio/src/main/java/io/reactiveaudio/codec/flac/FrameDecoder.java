package io.reactiveaudio.codec.flac;

/**
 * Decodes whole frames from a byte window into one {@code int[]} of samples per channel (left and
 * right already restored from stereo assignments), checking the header's CRC-8 and the frame's
 * CRC-16 before anything is kept. Not thread-safe; reuses its arrays, which only grow, so decoding
 * is allocation-free once they have reached the largest block.
 */
final class FrameDecoder {

    private final StreamInfo info;
    private final BitReader in = new BitReader();
    private final FrameHeader header = new FrameHeader();
    private final SubframeDecoder subframes = new SubframeDecoder();
    private final int[][] samples;
    private long[] wideSide = new long[0];
    /** 0 or 1 once the first frame has told whether the stream numbers frames or samples; -1 before. */
    private int blockingStrategy = -1;

    FrameDecoder(StreamInfo info) {
        this.info = info;
        this.samples = new int[info.channels()][0];
    }

    /**
     * Decodes the frame that starts at {@code bytes[start]}, reading no byte at or after {@code limit}.
     *
     * @return the index just after the frame
     * @throws FormatException when the frame is damaged or uses reserved codes, or
     *     {@link FormatException#END_OF_DATA} when it continues past {@code limit}
     */
    int decode(byte[] bytes, int start, int limit) {
        in.reset(bytes, start, limit);
        header.read(in, bytes, start, info);
        checkBlockingStrategy();
        int n = header.blockSize();
        int bits = header.bitsPerSample();
        if (samples[0].length < n) {
            for (int c = 0; c < samples.length; c++) {
                samples[c] = new int[n];
            }
        }
        int assignment = header.channelAssignment();
        boolean wide = assignment >= FrameHeader.LEFT_SIDE && bits == 32;
        if (wide && wideSide.length < n) {
            wideSide = new long[n];
        }
        if (assignment < FrameHeader.LEFT_SIDE) {
            for (int[] channel : samples) {
                subframes.decode(in, bits, n, channel);
            }
        } else if (assignment == FrameHeader.SIDE_RIGHT) {
            decodeSide(bits, n, samples[0]);
            subframes.decode(in, bits, n, samples[1]);
        } else {
            subframes.decode(in, bits, n, samples[0]);
            decodeSide(bits, n, samples[1]);
        }
        in.alignToByte();
        int end = in.bytePosition();
        if (in.readUInt(16) != Crc.crc16(bytes, start, end)) {
            throw FormatException.corrupt("frame CRC-16 mismatch");
        }
        restoreStereo(assignment, wide, n);
        return end + 2;
    }

    /** The header of the frame last decoded. */
    FrameHeader header() {
        return header;
    }

    /**
     * The samples of the frame last decoded, one array per channel, each at least
     * {@link FrameHeader#blockSize()} long; the arrays are reused by the next frame.
     */
    int[][] samples() {
        return samples;
    }

    private void checkBlockingStrategy() {
        int strategy = header.variableBlockSize() ? 1 : 0;
        if (blockingStrategy < 0) {
            blockingStrategy = strategy;
        } else if (strategy != blockingStrategy) {
            throw FormatException.corrupt("blocking strategy changes within the stream");
        }
    }

    /** Decodes the side channel, one bit wider than the audio; 33 bits go to {@link #wideSide}. */
    private void decodeSide(int bits, int n, int[] out) {
        if (bits == 32) {
            subframes.decodeWide(in, 33, n, wideSide);
        } else {
            subframes.decode(in, bits + 1, n, out);
        }
    }

    private void restoreStereo(int assignment, boolean wide, int n) {
        if (assignment < FrameHeader.LEFT_SIDE) {
            return;
        }
        int[] first = samples[0];
        int[] second = samples[1];
        if (assignment == FrameHeader.LEFT_SIDE) {
            if (wide) {
                StereoDecorrelation.leftSide(first, wideSide, second, n);
            } else {
                StereoDecorrelation.leftSide(first, second, n);
            }
        } else if (assignment == FrameHeader.SIDE_RIGHT) {
            if (wide) {
                StereoDecorrelation.sideRight(wideSide, second, first, n);
            } else {
                StereoDecorrelation.sideRight(first, second, n);
            }
        } else if (wide) {
            StereoDecorrelation.midSide(first, wideSide, second, n);
        } else {
            StereoDecorrelation.midSide(first, second, n);
        }
    }
}
