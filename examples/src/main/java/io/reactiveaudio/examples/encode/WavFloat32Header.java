package io.reactiveaudio.examples.encode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header of an IEEE float32 WAV file: {@code RIFF}/{@code WAVE}, a 28-byte {@code JUNK}
 * chunk, {@code fmt } (WAVE_FORMAT_IEEE_FLOAT, 18 bytes), {@code fact} and the {@code data}
 * chunk header, 94 bytes in all.
 *
 * <p>When the RIFF size would pass its 32-bit limit the same 94 bytes become an RF64 header (EBU
 * Tech 3306): form {@code RF64}, the {@code JUNK} chunk replaced by {@code ds64} with the 64-bit
 * sizes, and the 32-bit size fields set to 0xFFFFFFFF. Immutable and thread-safe.
 */
final class WavFloat32Header implements FileHeader {

    /** Header bytes before the first sample. */
    private static final int LENGTH = 94;
    /** Largest RIFF size a plain RIFF header can state. */
    private static final long MAX_RIFF_SIZE = 0xFFFF_FFFFL;

    private static final int FORMAT_IEEE_FLOAT = 3;
    private static final int DS64_BYTES = 28;

    private final int channels;
    private final int sampleRate;
    private final long maxRiffSize;

    /** A header for {@code channels} channels at {@code sampleRate} Hz. */
    WavFloat32Header(int channels, int sampleRate) {
        this(channels, sampleRate, MAX_RIFF_SIZE);
    }

    /** As above, switching to RF64 once the RIFF size passes {@code maxRiffSize} bytes (lowered in tests). */
    WavFloat32Header(int channels, int sampleRate, long maxRiffSize) {
        if (channels < 1 || channels * 4L > 0xFFFF) {
            throw new IllegalArgumentException("a float32 WAV holds 1 to 16383 channels: " + channels);
        }
        if (sampleRate < 1 || (long) sampleRate * channels * 4 > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz with " + channels
                    + " channels does not fit a WAV header");
        }
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.maxRiffSize = maxRiffSize;
    }

    @Override
    public ByteBuffer forFrames(long frames) {
        long dataBytes = frames * channels * 4;
        long riffSize = LENGTH - 8 + dataBytes;
        boolean rf64 = riffSize > maxRiffSize;
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(rf64 ? "RF64" : "RIFF")).putInt(rf64 ? -1 : (int) riffSize).put(ascii("WAVE"));
        if (rf64) {
            b.put(ascii("ds64")).putInt(DS64_BYTES).putLong(riffSize).putLong(dataBytes).putLong(frames).putInt(0);
        } else {
            b.put(ascii("JUNK")).putInt(DS64_BYTES).put(new byte[DS64_BYTES]);
        }
        b.put(ascii("fmt ")).putInt(18)
                .putShort((short) FORMAT_IEEE_FLOAT)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt((int) ((long) sampleRate * channels * 4))
                .putShort((short) (channels * 4))
                .putShort((short) 32)
                .putShort((short) 0);
        b.put(ascii("fact")).putInt(4).putInt(rf64 ? -1 : (int) frames);
        b.put(ascii("data")).putInt(rf64 ? -1 : (int) dataBytes);
        return b.flip();
    }

    private static byte[] ascii(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }
}
