package io.reactiveaudio.features;

/**
 * How a centred STFT extends the signal by {@code n_fft / 2} samples at each end, so that frame
 * {@code t} is centred on sample {@code t * hop_length}. torchaudio's and numpy's {@code pad_mode}.
 */
public enum PadMode {

    /** Mirror image without repeating the edge sample: {@code [c b | a b c | b a]}. numpy {@code "reflect"}, torchaudio's default. */
    REFLECT,

    /** Zeros: {@code [0 0 | a b c | 0 0]}. numpy {@code "constant"}. */
    CONSTANT,

    /** The edge sample repeated: {@code [a a | a b c | c c]}. numpy {@code "edge"}, torch {@code "replicate"}. */
    EDGE
}
