package io.reactiveaudio.features.mfcc;

/** The scaling of a DCT-II matrix: torchaudio's {@code create_dct} {@code norm}. */
public enum DctNorm {

    /**
     * Orthonormal: row 0 times {@code sqrt(1 / n_mels)}, the others {@code sqrt(2 / n_mels)}
     * ({@code "ortho"}, the default).
     */
    ORTHO,

    /** Unscaled, times 2 ({@code norm=None}). */
    NONE
}
