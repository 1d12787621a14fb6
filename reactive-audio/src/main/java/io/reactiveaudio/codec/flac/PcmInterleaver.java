package io.reactiveaudio.codec.flac;

/**
 * Writes per-channel integer samples into an interleaved float32 array at full scale 1.0: sample
 * {@code q} of a {@code b}-bit stream becomes {@code q / 2^(b-1)}, exact up to 24 bits and rounded
 * once (through double) from 25 to 32 bits. Stateless and thread-safe.
 */
final class PcmInterleaver {

    private PcmInterleaver() {
    }

    /**
     * Converts {@code n} samples of every channel, starting at index {@code from}, into {@code dst}
     * from interleaved frame {@code dstFrame} on (frame {@code i}, channel {@code c} at
     * {@code i * channels + c}).
     */
    static void interleave(int[][] channels, int from, int n, int bitsPerSample, float[] dst, int dstFrame) {
        if (bitsPerSample <= 24) {
            interleaveExact(channels, from, n, Math.scalb(1f, 1 - bitsPerSample), dst, dstFrame);
        } else {
            interleaveRounded(channels, from, n, Math.scalb(1.0, 1 - bitsPerSample), dst, dstFrame);
        }
    }

    private static void interleaveExact(int[][] channels, int from, int n, float scale, float[] dst, int dstFrame) {
        int stride = channels.length;
        if (stride == 2) {
            int[] left = channels[0];
            int[] right = channels[1];
            int o = dstFrame * 2;
            for (int i = from; i < from + n; i++) {
                dst[o] = left[i] * scale;
                dst[o + 1] = right[i] * scale;
                o += 2;
            }
            return;
        }
        for (int c = 0; c < stride; c++) {
            int[] samples = channels[c];
            int o = dstFrame * stride + c;
            for (int i = from; i < from + n; i++) {
                dst[o] = samples[i] * scale;
                o += stride;
            }
        }
    }

    private static void interleaveRounded(int[][] channels, int from, int n, double scale, float[] dst, int dstFrame) {
        int stride = channels.length;
        for (int c = 0; c < stride; c++) {
            int[] samples = channels[c];
            int o = dstFrame * stride + c;
            for (int i = from; i < from + n; i++) {
                dst[o] = (float) (samples[i] * scale);
                o += stride;
            }
        }
    }
}
