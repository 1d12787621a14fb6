package io.reactiveaudio.examples.cli;

/**
 * Where the {@code spectrogram} command gets the log-mel spectrogram it draws: one mono signal in,
 * one matrix in dB out. The command depends on nothing else, so the feature code behind it can be
 * swapped without touching the drawing.
 */
@FunctionalInterface
interface LogMelSource {

    /**
     * The log-mel spectrogram of {@code mono} (float32 samples at {@code sampleRate} Hz).
     *
     * @throws IllegalArgumentException if the signal is empty
     */
    LogMel compute(float[] mono, int sampleRate);

    /**
     * A log-mel matrix.
     *
     * @param values {@code bins × frames} values in dB, row-major (value {@code (k, t)} at {@code k * frames + t})
     * @param bins mel bands
     * @param frames analysis frames; frame {@code t} is centred at sample {@code t * hopLength}
     * @param hopLength samples between frames
     * @param centreHz the centre frequency of each band in Hz, increasing
     */
    record LogMel(float[] values, int bins, int frames, int hopLength, double[] centreHz) {
    }
}
