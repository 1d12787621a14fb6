package io.reactiveaudio.features.mel;

/** How mel filters are scaled: torchaudio's {@code norm}. */
public enum MelNorm {

    /** Triangles of peak 1 ({@code norm=None}, torchaudio's default). */
    NONE,

    /**
     * Slaney's area normalisation: filter m multiplied by {@code 2 / (f[m + 2] - f[m])}, its band
     * width in Hz, so each filter has about constant energy ({@code norm="slaney"}, librosa's default).
     */
    SLANEY
}
