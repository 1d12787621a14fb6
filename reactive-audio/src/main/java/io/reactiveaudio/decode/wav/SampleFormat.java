package io.reactiveaudio.decode.wav;

/**
 * How one sample is stored in a WAV data chunk, with the kernel that converts a run of them to
 * float32 at full scale 1.0.
 *
 * <p>Integer PCM of container size {@code n} bits becomes {@code q / 2^(n-1)} rounded once to
 * float32 (exact up to 24 bits); 8-bit PCM is unsigned, {@code (u - 128) / 128}. Samples with
 * fewer valid bits than their container are left-justified with the low bits zero, so dividing by
 * the container's full scale gives the value at the valid bit depth exactly. float64 is rounded to
 * float32; float32 is copied bit for bit. Stateless and thread-safe.
 */
enum SampleFormat {
    /** Unsigned 8-bit integer PCM. */
    PCM_U8,
    /** Signed 16-bit integer PCM. */
    PCM_S16,
    /** Signed 24-bit integer PCM, packed in three bytes. */
    PCM_S24,
    /** Signed 32-bit integer PCM. */
    PCM_S32,
    /** IEEE 754 binary32. */
    FLOAT32,
    /** IEEE 754 binary64. */
    FLOAT64;

    private static final float SCALE_8 = 0x1p-7f;
    private static final float SCALE_16 = 0x1p-15f;
    private static final float SCALE_24 = 0x1p-23f;
    private static final float SCALE_32 = 0x1p-31f;

    /**
     * Converts {@code samples} consecutive samples from {@code src} (starting at index 0) into
     * {@code dst} starting at {@code dstOffset}.
     */
    void decode(byte[] src, float[] dst, int dstOffset, int samples) {
        switch (this) {
            case PCM_U8 -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOffset + i] = ((src[i] & 0xFF) - 128) * SCALE_8;
                }
            }
            case PCM_S16 -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOffset + i] = (short) LittleEndian.SHORT.get(src, i << 1) * SCALE_16;
                }
            }
            // one 4-byte load per sample, its top byte (the next sample's) shifted out; the last
            // sample is assembled bytewise so as not to read past the data
            case PCM_S24 -> {
                int last = samples - 1;
                for (int i = 0; i < last; i++) {
                    dst[dstOffset + i] = ((int) LittleEndian.INT.get(src, i * 3) << 8 >> 8) * SCALE_24;
                }
                if (last >= 0) {
                    int j = last * 3;
                    dst[dstOffset + last] = ((src[j] & 0xFF) | (src[j + 1] & 0xFF) << 8 | src[j + 2] << 16) * SCALE_24;
                }
            }
            // int to float rounds once; scaling by a power of two is then exact
            case PCM_S32 -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOffset + i] = (int) LittleEndian.INT.get(src, i << 2) * SCALE_32;
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOffset + i] = (float) LittleEndian.FLOAT.get(src, i << 2);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOffset + i] = (float) (double) LittleEndian.DOUBLE.get(src, i << 3);
                }
            }
        }
    }
}
