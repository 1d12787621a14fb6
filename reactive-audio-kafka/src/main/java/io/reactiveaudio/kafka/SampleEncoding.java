package io.reactiveaudio.kafka;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** Sample encodings of a record's value: interleaved, little-endian, as the header {@code ra.encoding} names them. */
public enum SampleEncoding {

    /** Signed 16-bit, full scale 32768: {@code s16le}. */
    S16LE(2),

    /** IEEE float32, full scale 1.0: {@code f32le}. */
    F32LE(4);

    private final int bytes;

    SampleEncoding(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per sample. */
    public int bytesPerSample() {
        return bytes;
    }

    /** The name in the header: {@code s16le} or {@code f32le}. */
    public String headerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The encoding a header names, or null if it names none of these. */
    static SampleEncoding fromHeader(String name) {
        for (SampleEncoding e : values()) {
            if (e.headerName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** {@code samples} (float32, full scale 1.0; s16le clipped to ±1) as bytes of this encoding. */
    byte[] encode(float[] samples) {
        ByteBuffer out = ByteBuffer.allocate(samples.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (this == S16LE) {
            for (float s : samples) {
                out.putShort((short) Math.round(Math.max(-32768f, Math.min(32767f, s * 32768f))));
            }
        } else {
            for (float s : samples) {
                out.putFloat(s);
            }
        }
        return out.array();
    }

    /** The samples of {@code value}, whose length is a whole number of samples. */
    float[] decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[value.length / bytes];
        if (this == S16LE) {
            for (int i = 0; i < out.length; i++) {
                out[i] = in.getShort(2 * i) / 32768f;
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = in.getFloat(4 * i);
            }
        }
        return out;
    }
}
