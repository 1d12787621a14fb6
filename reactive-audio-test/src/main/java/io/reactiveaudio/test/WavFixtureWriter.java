package io.reactiveaudio.test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes WAV files in every layout a decoder must accept, for tests: PCM 8/16/24/32-bit, IEEE
 * float 32/64, WAVE_FORMAT_EXTENSIBLE, extra chunks with odd sizes (and their pad byte) before
 * {@code fmt } or after {@code data}, and {@code fmt } after {@code data}.
 *
 * <p>Samples are quantized as {@link #quantize}: {@code round(x * 2^(bits-1))} clipped to the
 * integer range; 8-bit samples are stored unsigned (offset 128). Instances are immutable and
 * thread-safe; every option returns a new writer.
 */
public final class WavFixtureWriter {

    /** How samples are stored. */
    public enum Encoding {
        PCM_U8(8, false), PCM_S16(16, false), PCM_S24(24, false), PCM_S32(32, false),
        FLOAT32(32, true), FLOAT64(64, true);

        final int bits;
        final boolean floating;

        Encoding(int bits, boolean floating) {
            this.bits = bits;
            this.floating = floating;
        }

        /** Bits per stored sample. */
        public int bits() {
            return bits;
        }
    }

    private static final byte[] PCM_GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private final Encoding encoding;
    private final boolean extensible;
    private final boolean oddChunkBeforeFmt;
    private final boolean oddChunkAfterData;
    private final boolean fmtAfterData;
    private final int validBits;

    private WavFixtureWriter(Encoding encoding, boolean extensible, boolean oddChunkBeforeFmt,
                             boolean oddChunkAfterData, boolean fmtAfterData, int validBits) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.extensible = extensible;
        this.oddChunkBeforeFmt = oddChunkBeforeFmt;
        this.oddChunkAfterData = oddChunkAfterData;
        this.fmtAfterData = fmtAfterData;
        this.validBits = validBits;
    }

    /** A plain writer (canonical chunk order, classic {@code fmt } chunk) for an encoding. */
    public static WavFixtureWriter of(Encoding encoding) {
        return new WavFixtureWriter(encoding, false, false, false, false, encoding.bits);
    }

    /** Writes a WAVE_FORMAT_EXTENSIBLE {@code fmt } chunk (PCM or float sub-format GUID). */
    public WavFixtureWriter extensible() {
        return new WavFixtureWriter(encoding, true, oddChunkBeforeFmt, oddChunkAfterData, fmtAfterData, validBits);
    }

    /** Puts a 5-byte {@code JUNK} chunk (plus its pad byte) before {@code fmt }. */
    public WavFixtureWriter oddChunkBeforeFmt() {
        return new WavFixtureWriter(encoding, extensible, true, oddChunkAfterData, fmtAfterData, validBits);
    }

    /** Puts a 7-byte {@code LIST} chunk (plus its pad byte) after {@code data}. */
    public WavFixtureWriter oddChunkAfterData() {
        return new WavFixtureWriter(encoding, extensible, oddChunkBeforeFmt, true, fmtAfterData, validBits);
    }

    /** Writes {@code data} before {@code fmt }. */
    public WavFixtureWriter fmtAfterData() {
        return new WavFixtureWriter(encoding, extensible, oddChunkBeforeFmt, oddChunkAfterData, true, validBits);
    }

    /**
     * Quantizes to {@code bits} significant bits stored left-justified in the container (the low
     * bits zero), and writes an extensible header whose valid-bits field says so: for example
     * 20-bit audio in 24-bit samples.
     *
     * @param bits 1 up to the container size of a PCM encoding
     */
    public WavFixtureWriter validBits(int bits) {
        if (encoding.floating || bits < 1 || bits > encoding.bits) {
            throw new IllegalArgumentException("valid bits " + bits + " do not fit " + encoding);
        }
        return new WavFixtureWriter(encoding, true, oddChunkBeforeFmt, oddChunkAfterData, fmtAfterData, bits);
    }

    /**
     * Writes interleaved samples to a file.
     *
     * @param samples interleaved float samples at full scale 1.0
     * @param channels channel count (1..18)
     * @param sampleRate in Hz
     */
    public void write(Path file, float[] samples, int channels, int sampleRate) throws IOException {
        Files.write(file, toBytes(samples, channels, sampleRate));
    }

    /** The bytes {@link #write} would write. */
    public byte[] toBytes(float[] samples, int channels, int sampleRate) {
        if (channels <= 0 || samples.length % channels != 0) {
            throw new IllegalArgumentException(samples.length + " samples do not fill " + channels + " channels");
        }
        byte[] fmt = chunk("fmt ", fmtBody(channels, sampleRate));
        byte[] data = chunk("data", dataBody(samples));
        byte[] before = oddChunkBeforeFmt ? chunk("JUNK", new byte[] {1, 2, 3, 4, 5}) : new byte[0];
        byte[] after = oddChunkAfterData ? chunk("LIST", "INFOab\0".getBytes(StandardCharsets.US_ASCII))
                : new byte[0];
        byte[] first = fmtAfterData ? data : fmt;
        byte[] second = fmtAfterData ? fmt : data;
        int riffSize = 4 + before.length + first.length + second.length + after.length;
        ByteBuffer out = ByteBuffer.allocate(8 + riffSize).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(riffSize).put(ascii("WAVE"));
        out.put(before).put(first).put(second).put(after);
        return out.array();
    }

    /**
     * The integers a PCM encoding stores for each sample: {@code round(x * 2^(bits-1))} clipped to
     * {@code [-2^(bits-1), 2^(bits-1) - 1]} (signed, also for 8-bit).
     */
    public static long[] quantize(float[] samples, int bits) {
        double scale = Math.scalb(1.0, bits - 1);
        long max = (long) scale - 1;
        long min = -(long) scale;
        long[] out = new long[samples.length];
        for (int i = 0; i < samples.length; i++) {
            long q = Math.round(samples[i] * scale);
            out[i] = Math.max(min, Math.min(max, q));
        }
        return out;
    }

    /**
     * What an exact decoder returns for PCM of {@code bits} bits: {@code q / 2^(bits-1)} rounded
     * once to float32 (exact for up to 24 bits).
     */
    public static float[] dequantized(float[] samples, int bits) {
        long[] q = quantize(samples, bits);
        double scale = Math.scalb(1.0, -(bits - 1));
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = (float) (q[i] * scale);
        }
        return out;
    }

    private byte[] fmtBody(int channels, int sampleRate) {
        int bytesPerSample = encoding.bits / 8;
        int formatTag = encoding.floating ? 3 : 1;
        ByteBuffer b = ByteBuffer.allocate(extensible ? 40 : encoding.floating ? 18 : 16)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (extensible ? 0xFFFE : formatTag));
        b.putShort((short) channels);
        b.putInt(sampleRate);
        b.putInt(sampleRate * channels * bytesPerSample);
        b.putShort((short) (channels * bytesPerSample));
        b.putShort((short) encoding.bits);
        if (extensible) {
            b.putShort((short) 22);
            b.putShort((short) validBits);
            b.putInt(channels >= 32 ? -1 : (1 << channels) - 1);
            b.putShort((short) formatTag);
            b.put(PCM_GUID_TAIL);
        } else if (encoding.floating) {
            b.putShort((short) 0);
        }
        return b.array();
    }

    private byte[] dataBody(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * (encoding.bits / 8)).order(ByteOrder.LITTLE_ENDIAN);
        switch (encoding) {
            case FLOAT32 -> {
                for (float s : samples) {
                    b.putFloat(s);
                }
            }
            case FLOAT64 -> {
                for (float s : samples) {
                    b.putDouble(s);
                }
            }
            default -> {
                int shift = encoding.bits - validBits;
                for (long q : quantize(samples, validBits)) {
                    putPcm(b, q << shift);
                }
            }
        }
        return b.array();
    }

    private void putPcm(ByteBuffer b, long q) {
        switch (encoding) {
            case PCM_U8 -> b.put((byte) (q + 128));
            case PCM_S16 -> b.putShort((short) q);
            case PCM_S24 -> b.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
            case PCM_S32 -> b.putInt((int) q);
            default -> throw new IllegalStateException(encoding.name());
        }
    }

    private static byte[] chunk(String id, byte[] body) {
        int padded = body.length + (body.length & 1);
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(id)).putInt(body.length).put(body);
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
