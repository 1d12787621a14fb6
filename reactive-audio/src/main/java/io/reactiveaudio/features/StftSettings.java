package io.reactiveaudio.features;

/**
 * How a signal is cut into windowed frames for a short-time Fourier transform, with torchaudio's
 * parameter names and meanings. Frame {@code t} covers {@code n_fft} samples starting at sample
 * {@code t * hopLength}, or centred on it when {@code center}; the window of {@code winLength}
 * samples sits in the middle of the {@code n_fft} span, zero outside (as {@code torch.stft} pads
 * a shorter window). Output has {@code n_fft / 2 + 1} frequency bins (onesided).
 *
 * <p>Frames: {@code 1 + n / hopLength} when centred, {@code 1 + (n - nFft) / hopLength} otherwise
 * (0 when {@code n < nFft}). Immutable and thread-safe.
 *
 * @param nFft       FFT size in samples ({@code n_fft}), at least 2
 * @param winLength  window length in samples ({@code win_length}), 1 .. nFft
 * @param hopLength  distance between frame starts in samples ({@code hop_length}), at least 1
 * @param window     the window function ({@code window_fn})
 * @param periodic   periodic (torch's default) or symmetric window
 * @param center     pad {@code nFft / 2} samples at both ends so that frame t is centred on sample t * hop
 * @param padMode    the padding used when centred ({@code pad_mode})
 * @param normalized scale each frame by {@code 1 / sqrt(sum of squared window)} ({@code normalized=True}, "window")
 */
public record StftSettings(int nFft, int winLength, int hopLength, WindowFunction window, boolean periodic,
                           boolean center, PadMode padMode, boolean normalized) {

    /** Checks the settings. */
    public StftSettings {
        if (nFft < 2) {
            throw new IllegalArgumentException("n_fft must be at least 2, got " + nFft);
        }
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("win_length must be in 1.." + nFft + " (n_fft), got " + winLength);
        }
        if (hopLength < 1) {
            throw new IllegalArgumentException("hop_length must be at least 1, got " + hopLength);
        }
        if (window == null || padMode == null) {
            throw new NullPointerException("window and pad_mode must not be null");
        }
    }

    /**
     * torchaudio's defaults for an FFT size: {@code win_length = n_fft}, {@code hop_length = win_length / 2},
     * periodic Hann window, centred with reflect padding, not normalized.
     */
    public static StftSettings of(int nFft) {
        return new StftSettings(nFft, nFft, Math.max(1, nFft / 2), WindowFunction.HANN, true, true, PadMode.REFLECT, false);
    }

    /** These settings with another {@code hop_length}. */
    public StftSettings withHopLength(int samples) {
        return new StftSettings(nFft, winLength, samples, window, periodic, center, padMode, normalized);
    }

    /** These settings with another {@code win_length}. */
    public StftSettings withWinLength(int samples) {
        return new StftSettings(nFft, samples, hopLength, window, periodic, center, padMode, normalized);
    }

    /** These settings with another window function. */
    public StftSettings withWindow(WindowFunction function, boolean periodicWindow) {
        return new StftSettings(nFft, winLength, hopLength, function, periodicWindow, center, padMode, normalized);
    }

    /** These settings centred (with the given padding) or not. */
    public StftSettings withCenter(boolean centred, PadMode mode) {
        return new StftSettings(nFft, winLength, hopLength, window, periodic, centred, mode, normalized);
    }

    /** These settings with or without window normalization. */
    public StftSettings withNormalized(boolean normalize) {
        return new StftSettings(nFft, winLength, hopLength, window, periodic, center, padMode, normalize);
    }

    /** Frequency bins of the onesided spectrum: {@code n_fft / 2 + 1}. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /** Frames of a signal of {@code samples} samples. */
    public int frames(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative, got " + samples);
        }
        if (center) {
            return 1 + samples / hopLength;
        }
        return samples < nFft ? 0 : 1 + (samples - nFft) / hopLength;
    }
}
