package io.reactiveaudio.pipeline;

/** How the shuffle window stores the samples of the segments it holds. */
public enum WindowPrecision {
    /** As decoded: 4 bytes per sample, exact. */
    FLOAT32,
    /**
     * 2 bytes per sample, half the window's memory: {@code round(x * 32768)}, ties to even, clamped
     * to [-32768, 32767] (as {@link io.reactiveaudio.dsp.convert.PcmConversion} converts), restored
     * as {@code s / 32768} when the segment leaves. Exact for audio that came from 16-bit PCM;
     * otherwise an error of at most 2<sup>-16</sup> per sample (about -96 dBFS) and samples
     * outside [-1, 1) clipped. Only when the user allows it.
     */
    INT16
}
