package io.reactiveaudio.features.specaugment;

/** What a SpecAugment mask writes over the bins or frames it masks. */
public enum MaskValue {

    /** Zero, torchaudio's default {@code mask_value=0.0}: silence for a power spectrogram. */
    ZERO,

    /**
     * The mean of the item's own features (all channels, its valid frames) as they are just before
     * the transform's masks, the SpecAugment paper's choice: the mask adds no new level for log-mel input.
     */
    MEAN
}
