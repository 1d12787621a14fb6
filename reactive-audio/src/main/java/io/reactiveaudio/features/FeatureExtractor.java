package io.reactiveaudio.features;

/**
 * A frame-wise feature of a mono signal (spectrogram, mel spectrogram, log-mel, MFCC): a signal of
 * {@code n} samples becomes a matrix of {@link #bins()} rows by {@link #frames(int) frames(n)}
 * columns of float32.
 *
 * <p>An extractor is an immutable description (settings, window, filter bank): thread-safe and
 * shareable. The computation needs per-thread state (FFT plan, scratch buffers), held by a
 * {@link Worker}: take one worker per thread with {@link #newWorker()}; a worker is not thread-safe
 * and allocates nothing per call.
 */
public interface FeatureExtractor {

    /** Rows of the output: frequency bins, mel bands or coefficients. */
    int bins();

    /** Columns of the output for a signal of {@code samples} samples: {@code stft().frames(samples)}. */
    default int frames(int samples) {
        return stft().frames(samples);
    }

    /** The STFT framing the features are computed on (frame length, hop, window, centring). */
    StftSettings stft();

    /**
     * This extractor with another STFT framing and everything else equal; a streaming operator,
     * for example, pads the stream itself and computes on the uncentred variant.
     */
    FeatureExtractor withStft(StftSettings settings);

    /**
     * Whether each output frame depends only on the samples of its own window. False when a value
     * depends on the whole clip (as {@code top_db} clamps to the clip's maximum): such features
     * cannot be computed on an endless stream.
     */
    boolean frameLocal();

    /** A new worker, owned by the calling thread. */
    Worker newWorker();

    /** Per-thread computation state of one extractor. Not thread-safe; allocation-free per call. */
    interface Worker {

        /**
         * Computes the features of {@code signal[offset .. offset + length)} into
         * {@code out[outOffset ..]}, {@code bins() * frames(length)} floats in the given layout.
         *
         * @throws IllegalArgumentException if {@code out} is too small for the result
         */
        void compute(float[] signal, int offset, int length, float[] out, int outOffset, FeatureLayout layout);
    }
}
