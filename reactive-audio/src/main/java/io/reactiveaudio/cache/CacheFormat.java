package io.reactiveaudio.cache;

/**
 * How decoded samples are stored on disk.
 *
 * <p>{@link #FLOAT32} keeps the decoder's output bit for bit (4 bytes per sample);
 * {@link #INT16} halves the disk and page-cache footprint and rounds every sample to the nearest
 * multiple of 2^-15 (clipped to [-1, 1 - 2^-15]), which is lossless for 16-bit sources such as
 * most WAV and FLAC files and below an MP3 decoder's own precision otherwise.
 */
public enum CacheFormat {

    /** 32-bit IEEE floats, exactly the decoded values. */
    FLOAT32(4),
    /** Signed 16-bit integers at full scale 32 768. */
    INT16(2);

    private final int bytesPerSample;

    CacheFormat(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    /** Bytes one sample takes on disk. */
    public int bytesPerSample() {
        return bytesPerSample;
    }
}
