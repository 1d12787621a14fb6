package io.reactiveaudio.codec.flac;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes FLAC streams for tests with every field chosen by the test, including codings the
 * reference encoder never produces (escaped partitions, 33-bit side channels with any stereo
 * assignment, variable block sizes) and reserved or forbidden codes. Checksums are computed
 * bit by bit, independently of the decoder's tables. Not thread-safe.
 */
final class FlacStreamWriter {

    /** Subframe codings. */
    enum Type { CONSTANT, VERBATIM, FIXED, LPC }

    /**
     * How one subframe is coded.
     *
     * @param typeCode the zero pad bit and 6-bit type, normally derived from type and order
     * @param coefs LPC coefficients, {@code coefs[0]} weighting the newest sample
     * @param residual the residual coding of FIXED and LPC subframes
     */
    record Subframe(Type type, int typeCode, int order, int precision, int shift, int[] coefs, int wasted,
                    Residual residual) {

        static Subframe constant() {
            return new Subframe(Type.CONSTANT, 0, 0, 0, 0, new int[0], 0, null);
        }

        static Subframe verbatim() {
            return new Subframe(Type.VERBATIM, 1, 0, 0, 0, new int[0], 0, null);
        }

        static Subframe fixed(int order, Residual residual) {
            return new Subframe(Type.FIXED, 8 + order, order, 0, 0, new int[0], 0, residual);
        }

        static Subframe lpc(int precision, int shift, int[] coefs, Residual residual) {
            return new Subframe(Type.LPC, 31 + coefs.length, coefs.length, precision, shift, coefs, 0, residual);
        }

        /** The same coding with the samples' {@code n} low zero bits declared as wasted. */
        Subframe wasted(int n) {
            return new Subframe(type, typeCode, order, precision, shift, coefs, n, residual);
        }

        /** The same coding under another (perhaps reserved) type code; 64 and above set the pad bit. */
        Subframe typeCode(int code) {
            return new Subframe(type, code, order, precision, shift, coefs, wasted, residual);
        }
    }

    /**
     * A partitioned residual coding.
     *
     * @param method 0 for 4-bit parameters, 1 for 5-bit parameters (others are reserved)
     * @param parameters one per partition ({@code 2^partitionOrder} of them); {@link #escaped} marks
     *     an escaped partition
     */
    record Residual(int method, int partitionOrder, int... parameters) {

        static Residual rice(int parameter) {
            return new Residual(0, 0, parameter);
        }

        /** The parameter value that marks a partition of plain {@code bits}-bit values. */
        static int escaped(int bits) {
            return -1 - bits;
        }
    }

    /**
     * A frame header.
     *
     * @param blockSizeCode 4-bit code; 6 and 7 write {@code blockSize - 1} in 8 or 16 bits
     * @param rateCode 4-bit code; 12, 13 and 14 write {@code rate} in kHz, Hz or tens of Hz
     * @param depthCode 3-bit bits-per-sample code
     * @param assignment 4-bit channel assignment
     */
    record Header(boolean variable, long number, int blockSize, int blockSizeCode, int rateCode, int rate,
                  int assignment, int depthCode) {
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final BitWriter bits = new BitWriter();

    /** Writes {@code fLaC} and a STREAMINFO block (the MD5 signature left zero). */
    FlacStreamWriter streamInfo(int minBlock, int maxBlock, int sampleRate, int channels, int bitsPerSample,
                                long totalSamples) {
        bits.bytes('f', 'L', 'a', 'C');
        bits.write(1, 1).write(0, 7).write(34, 24);
        bits.write(minBlock, 16).write(maxBlock, 16).write(0, 24).write(0, 24);
        bits.write(sampleRate, 20).write(channels - 1, 3).write(bitsPerSample - 1, 5).write(totalSamples, 36);
        for (int i = 0; i < 16; i++) {
            bits.write(0, 8);
        }
        flush();
        return this;
    }

    /**
     * Writes a frame coding the given samples.
     *
     * @param samples per channel, the audio as output (left and right for stereo assignments)
     * @param bitsPerSample the stream's bits per sample
     */
    FlacStreamWriter frame(Header header, int bitsPerSample, long[][] samples, List<Subframe> subframes) {
        writeHeader(header);
        long[][] coded = decorrelate(header.assignment(), samples);
        for (int c = 0; c < coded.length; c++) {
            boolean side = (header.assignment() == FrameHeader.LEFT_SIDE && c == 1)
                    || (header.assignment() == FrameHeader.SIDE_RIGHT && c == 0)
                    || (header.assignment() == FrameHeader.MID_SIDE && c == 1);
            writeSubframe(coded[c], header.blockSize(), bitsPerSample + (side ? 1 : 0), subframes.get(c));
        }
        bits.alignToByte();
        byte[] frame = bits.toByteArray();
        bits.write(crc16(frame, frame.length), 16);
        flush();
        return this;
    }

    /** Appends raw bytes. */
    FlacStreamWriter raw(byte... raw) {
        bytes.writeBytes(raw);
        return this;
    }

    /** Bytes written so far: the offset of the next frame. */
    int size() {
        return bytes.size();
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }

    /** CRC-8 (polynomial 0x07), bit by bit. */
    static int crc8(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    /** CRC-16 (polynomial 0x8005), bit by bit. */
    static int crc16(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    private void flush() {
        bytes.writeBytes(bits.toByteArray());
        bits.clear();
    }

    private void writeHeader(Header h) {
        bits.write(0x7FFC, 15).write(h.variable() ? 1 : 0, 1);
        bits.write(h.blockSizeCode(), 4).write(h.rateCode(), 4).write(h.assignment(), 4).write(h.depthCode(), 3);
        bits.write(0, 1);
        writeCodedNumber(h.number());
        if (h.blockSizeCode() == 6) {
            bits.write(h.blockSize() - 1, 8);
        } else if (h.blockSizeCode() == 7) {
            bits.write(h.blockSize() - 1, 16);
        }
        switch (h.rateCode()) {
            case 12 -> bits.write(h.rate() / 1000, 8);
            case 13 -> bits.write(h.rate(), 16);
            case 14 -> bits.write(h.rate() / 10, 16);
            default -> {
            }
        }
        byte[] header = bits.toByteArray();
        bits.write(crc8(header, header.length), 8);
    }

    private void writeCodedNumber(long v) {
        if (v < 0x80) {
            bits.write(v, 8);
            return;
        }
        int length = 2;
        while (v >= 1L << (5 * length + 1)) {
            length++;
        }
        bits.write((0xFF00 >> length) & 0xFF | (v >>> (6 * (length - 1))), 8);
        for (int i = length - 2; i >= 0; i--) {
            bits.write(0x80 | ((v >>> (6 * i)) & 0x3F), 8);
        }
    }

    private static long[][] decorrelate(int assignment, long[][] s) {
        if (assignment < FrameHeader.LEFT_SIDE) {
            return s;
        }
        int n = s[0].length;
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            long left = s[0][i];
            long right = s[1][i];
            switch (assignment) {
                case FrameHeader.LEFT_SIDE -> {
                    a[i] = left;
                    b[i] = left - right;
                }
                case FrameHeader.SIDE_RIGHT -> {
                    a[i] = left - right;
                    b[i] = right;
                }
                default -> {
                    a[i] = (left + right) >> 1;
                    b[i] = left - right;
                }
            }
        }
        return new long[][] {a, b};
    }

    private void writeSubframe(long[] samples, int n, int sampleBits, Subframe spec) {
        bits.write(spec.typeCode(), 7);
        if (spec.wasted() > 0) {
            bits.write(1, 1).unary(spec.wasted() - 1);
        } else {
            bits.write(0, 1);
        }
        int width = sampleBits - spec.wasted();
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = samples[i] >> spec.wasted();
            if (v[i] << spec.wasted() != samples[i]) {
                throw new IllegalArgumentException("sample " + i + " has no " + spec.wasted() + " wasted bits");
            }
        }
        switch (spec.type()) {
            case CONSTANT -> bits.write(v[0], width);
            case VERBATIM -> {
                for (long x : v) {
                    bits.write(x, width);
                }
            }
            case FIXED, LPC -> {
                for (int i = 0; i < spec.order(); i++) {
                    bits.write(v[i], width);
                }
                if (spec.type() == Type.LPC) {
                    bits.write(spec.precision() - 1, 4).write(spec.shift(), 5);
                    for (int c : spec.coefs()) {
                        bits.write(c, spec.precision());
                    }
                }
                writeResidual(residual(v, spec), n, spec.order(), spec.residual());
            }
            default -> throw new IllegalStateException(spec.type().name());
        }
    }

    private static long[] residual(long[] v, Subframe spec) {
        long[] r = new long[v.length];
        for (int i = spec.order(); i < v.length; i++) {
            long predicted;
            if (spec.type() == Type.FIXED) {
                predicted = switch (spec.order()) {
                    case 0 -> 0;
                    case 1 -> v[i - 1];
                    case 2 -> 2 * v[i - 1] - v[i - 2];
                    case 3 -> 3 * v[i - 1] - 3 * v[i - 2] + v[i - 3];
                    default -> 4 * v[i - 1] - 6 * v[i - 2] + 4 * v[i - 3] - v[i - 4];
                };
            } else {
                long sum = 0;
                for (int j = 0; j < spec.order(); j++) {
                    sum += spec.coefs()[j] * v[i - 1 - j];
                }
                predicted = sum >> spec.shift();
            }
            r[i] = v[i] - predicted;
        }
        return r;
    }

    private void writeResidual(long[] r, int n, int order, Residual spec) {
        bits.write(spec.method(), 2).write(spec.partitionOrder(), 4);
        int parameterBits = spec.method() == 1 ? 5 : 4;
        int partitionSize = n >> spec.partitionOrder();
        int from = order;
        for (int p = 0; p < spec.parameters().length; p++) {
            int to = (p + 1) * partitionSize;
            int parameter = spec.parameters()[p];
            if (parameter < 0) {
                int width = -1 - parameter;
                bits.write((1 << parameterBits) - 1, parameterBits).write(width, 5);
                for (int i = from; i < to; i++) {
                    bits.write(r[i], width);
                }
            } else {
                bits.write(parameter, parameterBits);
                for (int i = from; i < to; i++) {
                    long folded = (r[i] << 1) ^ (r[i] >> 63);
                    bits.unary(folded >>> parameter).write(folded, parameter);
                }
            }
            from = to;
        }
    }

    /** Packs bits most significant first. */
    private static final class BitWriter {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int pending;
        private int pendingBits;

        /** Writes the low {@code n} bits of {@code value} (n 0 to 64). */
        BitWriter write(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                pending = (pending << 1) | (int) ((value >>> i) & 1);
                if (++pendingBits == 8) {
                    out.write(pending);
                    pending = 0;
                    pendingBits = 0;
                }
            }
            return this;
        }

        BitWriter unary(long zeros) {
            for (long i = 0; i < zeros; i++) {
                write(0, 1);
            }
            return write(1, 1);
        }

        void bytes(int... values) {
            for (int v : values) {
                write(v, 8);
            }
        }

        void alignToByte() {
            while (pendingBits != 0) {
                write(0, 1);
            }
        }

        /** The whole bytes written so far. */
        byte[] toByteArray() {
            return out.toByteArray();
        }

        void clear() {
            out.reset();
            pending = 0;
            pendingBits = 0;
        }
    }
}
