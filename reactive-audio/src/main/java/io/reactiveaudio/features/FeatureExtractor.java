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

    /** Columns of the output for a signal of {@code samples} samples (0 if too short to give a frame). */
    int frames(int samples);

    /** Distance between the starts of consecutive frames, in samples. */
    int hopLength();

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
