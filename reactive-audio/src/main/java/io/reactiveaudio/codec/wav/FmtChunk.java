package io.reactiveaudio.codec.wav;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import java.util.Arrays;

/**
 * The validated contents of a WAV {@code fmt } chunk.
 *
 * @param format how samples are stored
 * @param channels interleaved channels per frame (1 or more)
 * @param sampleRate frames per second, in Hz
 * @param blockAlign bytes per frame ({@code channels} times the container bytes)
 * @param validBits significant bits per sample: at most the container size for integer PCM, the
 *     container size for float
 * @param offset byte offset of the chunk header in the file
 */
record FmtChunk(SampleFormat format, int channels, int sampleRate, int blockAlign, int validBits, long offset) {

    /** Bytes of a WAVE_FORMAT_EXTENSIBLE body, the longest this parser reads. */
    static final int MAX_BODY_BYTES = 40;
    /** Bytes of the classic PCM body, the shortest allowed. */
    static final int MIN_BODY_BYTES = 16;
    /**
     * The most channels decoded: far beyond any recording layout (22.2 has 24), and a bound on
     * what a header can make every caller allocate (a 100-byte file declaring 65 535 8-bit
     * channels once sized a 4096-frame read buffer at 1 GB).
     */
    static final int MAX_CHANNELS = 512;

    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT GUIDs; bytes 0..1 hold the tag. */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    /**
     * Parses and checks a chunk body.
     *
     * @param body the first {@code length} bytes of the body
     * @param length bytes present, {@link #MIN_BODY_BYTES} to {@link #MAX_BODY_BYTES}
     * @param offset byte offset of the chunk header, used in every error
     * @param in the input, for error messages
     * @throws AudioDecodeException UNSUPPORTED for formats other than integer PCM and IEEE float
     *     and for more than {@value #MAX_CHANNELS} channels, CORRUPT for inconsistent fields
     */
    static FmtChunk parse(byte[] body, int length, long offset, ByteInput in) {
        int tag = LittleEndian.u16(body, 0);
        int channels = LittleEndian.u16(body, 2);
        long sampleRate = LittleEndian.u32(body, 4);
        int blockAlign = LittleEndian.u16(body, 12);
        int bits = LittleEndian.u16(body, 14);
        int encoding = tag;
        int validBits = bits;
        if (tag == TAG_EXTENSIBLE) {
            if (length < MAX_BODY_BYTES || LittleEndian.u16(body, 16) < 22) {
                throw in.error(AudioDecodeException.Kind.CORRUPT, offset,
                        "WAVE_FORMAT_EXTENSIBLE fmt chunk too short (" + length + " bytes, needs 40)");
            }
            if (!Arrays.equals(body, 26, 40, GUID_TAIL, 0, GUID_TAIL.length)) {
                throw in.error(AudioDecodeException.Kind.UNSUPPORTED, offset,
                        "WAVE_FORMAT_EXTENSIBLE sub-format GUID " + guid(body, 24) + " is neither PCM nor IEEE float");
            }
            encoding = LittleEndian.u16(body, 24);
            int declaredValid = LittleEndian.u16(body, 18);
            validBits = declaredValid == 0 ? bits : declaredValid;
        }
        if (encoding != TAG_PCM && encoding != TAG_FLOAT) {
            throw in.error(AudioDecodeException.Kind.UNSUPPORTED, offset, String.format(
                    "format tag 0x%04X (%s); only PCM (1) and IEEE float (3) are decoded", encoding, tagName(encoding)));
        }
        if (channels == 0) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, offset, "fmt chunk declares 0 channels");
        }
        if (channels > MAX_CHANNELS) {
            throw in.error(AudioDecodeException.Kind.UNSUPPORTED, offset, channels + " channels; at most "
                    + MAX_CHANNELS + " are decoded");
        }
        if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, offset, "fmt chunk declares sample rate " + sampleRate);
        }
        if (bits == 0 || (tag == TAG_EXTENSIBLE && bits % 8 != 0)) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, offset, "fmt chunk declares " + bits + " bits per sample");
        }
        int containerBits = (bits + 7) / 8 * 8;
        if (validBits > containerBits) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, offset,
                    validBits + " valid bits do not fit a " + containerBits + "-bit container");
        }
        if (blockAlign != channels * (containerBits / 8)) {
            throw in.error(AudioDecodeException.Kind.CORRUPT, offset, "block align " + blockAlign + " does not match "
                    + channels + " channels of " + containerBits + "-bit samples");
        }
        SampleFormat format = encoding == TAG_FLOAT ? floatFormat(containerBits) : pcmFormat(containerBits);
        if (format == null) {
            throw in.error(AudioDecodeException.Kind.UNSUPPORTED, offset, containerBits + "-bit "
                    + (encoding == TAG_FLOAT ? "IEEE float" : "integer PCM") + " samples");
        }
        return new FmtChunk(format, channels, (int) sampleRate, blockAlign,
                encoding == TAG_FLOAT ? containerBits : validBits, offset);
    }

    private static SampleFormat pcmFormat(int bits) {
        return switch (bits) {
            case 8 -> SampleFormat.PCM_U8;
            case 16 -> SampleFormat.PCM_S16;
            case 24 -> SampleFormat.PCM_S24;
            case 32 -> SampleFormat.PCM_S32;
            default -> null;
        };
    }

    private static SampleFormat floatFormat(int bits) {
        return switch (bits) {
            case 32 -> SampleFormat.FLOAT32;
            case 64 -> SampleFormat.FLOAT64;
            default -> null;
        };
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG audio";
            case 0x0055 -> "MPEG Layer III";
            case 0x00FF -> "AAC";
            case 0xF1AC -> "FLAC";
            default -> "unknown";
        };
    }

    /** The 16 GUID bytes at {@code offset} in the registry form {@code 00000001-0000-0010-8000-00aa00389b71}. */
    private static String guid(byte[] b, int offset) {
        StringBuilder s = new StringBuilder(36);
        s.append(String.format("%08x-%04x-%04x-", LittleEndian.u32(b, offset),
                LittleEndian.u16(b, offset + 4), LittleEndian.u16(b, offset + 6)));
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                s.append('-');
            }
            s.append(String.format("%02x", b[offset + i] & 0xFF));
        }
        return s.toString();
    }
}
