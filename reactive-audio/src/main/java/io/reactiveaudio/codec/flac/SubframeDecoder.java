package io.reactiveaudio.codec.flac;

import java.util.Arrays;

/**
 * Decodes one subframe (one channel of one frame): its header with the wasted-bits count, then
 * CONSTANT, VERBATIM, FIXED (orders 0 to 4) or LPC (orders 1 to 32) content. Samples of up to 32
 * bits go to an {@code int[]}; the 33-bit side channel of 32-bit stereo goes to a {@code long[]}.
 * Not thread-safe: reuses its coefficient and residual arrays, so it is allocation-free once the
 * residual array has grown to the largest block.
 */
final class SubframeDecoder {

    private static final int MAX_LPC_ORDER = 32;

    private final int[] coefs = new int[MAX_LPC_ORDER];
    private int[] residual = new int[0];

    /**
     * Decodes a subframe of {@code bitsPerSample} bits (1 to 32) into {@code out[0, blockSize)}.
     *
     * @throws FormatException for reserved or impossible codes, or {@link FormatException#END_OF_DATA}
     */
    void decode(BitReader in, int bitsPerSample, int blockSize, int[] out) {
        int type = readType(in);
        int wasted = readWastedBits(in, bitsPerSample);
        int bits = bitsPerSample - wasted;
        if (type == 0) {
            Arrays.fill(out, 0, blockSize, in.readSInt(bits));
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                out[i] = in.readSInt(bits);
            }
        } else {
            int order = predictorOrder(type, blockSize);
            for (int i = 0; i < order; i++) {
                out[i] = in.readSInt(bits);
            }
            if (isFixed(type)) {
                Residual.read(in, out, blockSize, order);
                Prediction.fixed(out, order, blockSize);
            } else {
                int shift = readCoefficients(in, order);
                Residual.read(in, out, blockSize, order);
                Prediction.lpc(out, blockSize, coefs, order, shift);
            }
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                out[i] <<= wasted;
            }
        }
    }

    /** Decodes a subframe of {@code bitsPerSample} bits (1 to 33) into {@code out[0, blockSize)}. */
    void decodeWide(BitReader in, int bitsPerSample, int blockSize, long[] out) {
        int type = readType(in);
        int wasted = readWastedBits(in, bitsPerSample);
        int bits = bitsPerSample - wasted;
        if (type == 0) {
            Arrays.fill(out, 0, blockSize, in.readSLong(bits));
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                out[i] = in.readSLong(bits);
            }
        } else {
            int order = predictorOrder(type, blockSize);
            for (int i = 0; i < order; i++) {
                out[i] = in.readSLong(bits);
            }
            if (residual.length < blockSize) {
                residual = new int[blockSize];
            }
            if (isFixed(type)) {
                Residual.read(in, residual, blockSize, order);
                Prediction.fixed(out, residual, order, blockSize);
            } else {
                int shift = readCoefficients(in, order);
                Residual.read(in, residual, blockSize, order);
                Prediction.lpc(out, residual, blockSize, coefs, order, shift);
            }
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                out[i] <<= wasted;
            }
        }
    }

    /** Reads the zero pad bit and the 6-bit type; returns the type after rejecting reserved ones. */
    private static int readType(BitReader in) {
        if (in.readUInt(1) != 0) {
            throw FormatException.corrupt("subframe header does not start with a zero bit");
        }
        int type = in.readUInt(6);
        boolean known = type <= 1 || (type >= 8 && type <= 12) || type >= 32;
        if (!known) {
            throw FormatException.unsupported("reserved subframe type " + type);
        }
        return type;
    }

    private static int readWastedBits(BitReader in, int bitsPerSample) {
        if (in.readUInt(1) == 0) {
            return 0;
        }
        int wasted = in.readUnary() + 1;
        if (wasted >= bitsPerSample) {
            throw FormatException.corrupt(wasted + " wasted bits in a " + bitsPerSample + "-bit subframe");
        }
        return wasted;
    }

    private static boolean isFixed(int type) {
        return type < 32;
    }

    private static int predictorOrder(int type, int blockSize) {
        int order = isFixed(type) ? type - 8 : type - 31;
        if (order > blockSize) {
            throw FormatException.corrupt("predictor order " + order + " exceeds block size " + blockSize);
        }
        return order;
    }

    /** Reads precision, shift and coefficients of an LPC subframe; returns the shift. */
    private int readCoefficients(BitReader in, int order) {
        int precision = in.readUInt(4) + 1;
        if (precision == 16) {
            throw FormatException.corrupt("invalid LPC coefficient precision code 15");
        }
        int shift = in.readSInt(5);
        if (shift < 0) {
            throw FormatException.corrupt("negative LPC shift " + shift);
        }
        for (int i = 0; i < order; i++) {
            coefs[i] = in.readSInt(precision);
        }
        return shift;
    }
}
