package io.reactiveaudio.batch;

/**
 * The order of the float32 samples in a {@link Batch}, named by its axes from outermost to
 * innermost: B items, T frames (time), C channels.
 */
public enum Layout {

    /**
     * {@code (B, T, C)}: each item's frames in time order, the channels of a frame side by side
     * (interleaved, as decoded). Sample {@code (b, t, c)} is float number {@code (b * T + t) * C + c}.
     * The reference loader's layout and the default.
     */
    BTC,

    /**
     * {@code (B, C, T)}: each item's channels one after another, each a run of T frames (planar).
     * Sample {@code (b, t, c)} is float number {@code (b * C + c) * T + t}. PyTorch's
     * {@code (N, C, L)} for 1-d convolutions and torchaudio's waveform shape.
     */
    BCT;

    /** The dimensions, outermost first, of {@code items} items of {@code frames} frames and {@code channels} channels. */
    public int[] shape(int items, int frames, int channels) {
        return this == BTC ? new int[] {items, frames, channels} : new int[] {items, channels, frames};
    }
}
