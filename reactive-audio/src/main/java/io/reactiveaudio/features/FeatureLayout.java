package io.reactiveaudio.features;

/**
 * The order of a feature matrix of {@code bins} rows (frequency bins, mel bands or coefficients)
 * by {@code frames} columns (analysis frames, in time order).
 */
public enum FeatureLayout {

    /**
     * {@code (bins, frames)}: one row per bin, frames contiguous; value {@code (k, t)} is float
     * number {@code k * frames + t}. torchaudio's layout ({@code (..., n_mels, time)}) and the default.
     */
    BINS_FRAMES,

    /**
     * {@code (frames, bins)}: one row per frame, the bins of a frame contiguous; value {@code (k, t)}
     * is float number {@code t * bins + k}. The layout of sequence models that read a frame at a time.
     */
    FRAMES_BINS;

    /** Index of value {@code (bin, frame)} in a matrix of {@code bins} by {@code frames}. */
    public int index(int bin, int frame, int bins, int frames) {
        return this == BINS_FRAMES ? bin * frames + frame : frame * bins + bin;
    }

    /** The dimensions, outermost first, of a matrix of {@code bins} by {@code frames}. */
    public int[] shape(int bins, int frames) {
        return this == BINS_FRAMES ? new int[] {bins, frames} : new int[] {frames, bins};
    }
}
