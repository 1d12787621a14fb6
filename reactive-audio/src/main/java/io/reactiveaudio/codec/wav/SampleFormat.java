package io.reactiveaudio.codec.wav;

import io.reactiveaudio.dsp.convert.PcmConversion;

/**
 * How one sample is stored in a WAV data chunk, with the kernel that converts a run of them to
 * float32 at full scale 1.0.
 *
 * <p>Integer PCM of container size {@code n} bits becomes {@code q / 2^(n-1)} rounded once to
 * float32 (exact up to 24 bits); 8-bit PCM is unsigned, {@code (u - 128) / 128}. Samples with
 * fewer valid bits than their container are left-justified with the low bits zero, so dividing by
 * the container's full scale gives the value at the valid bit depth exactly. float64 is rounded to
 * float32; float32 is copied bit for bit. The 16-, 24- and 32-bit kernels are
 * {@link PcmConversion}'s. Stateless and thread-safe.
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
            case PCM_S16 -> PcmConversion.fromInt16Le(src, 0, dst, dstOffset, samples);
            case PCM_S24 -> PcmConversion.fromInt24Packed(src, 0, dst, dstOffset, samples);
            case PCM_S32 -> PcmConversion.fromInt32Le(src, 0, dst, dstOffset, samples);
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
