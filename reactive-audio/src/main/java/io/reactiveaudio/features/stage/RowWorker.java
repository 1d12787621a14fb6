package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import java.util.Arrays;

/**
 * An extractor's {@link FeatureExtractor.Worker} with the scratch arrays an operator needs around
 * it: one channel's samples, and a feature matrix widened to a batch's frame count. The arrays grow
 * to the largest item seen and are reused. Not thread-safe: one task at a time (see {@link WorkerPool}).
 */
final class RowWorker {

    private final FeatureExtractor extractor;
    private final FeatureExtractor.Worker worker;
    private float[] signal = new float[0];
    private float[] matrix = new float[0];

    RowWorker(FeatureExtractor extractor) {
        this.extractor = extractor;
        this.worker = extractor.newWorker();
    }

    /** The extractor's worker, for computing straight into a caller's array. */
    FeatureExtractor.Worker worker() {
        return worker;
    }

    /** Scratch for one channel of at least {@code samples} samples. */
    float[] signal(int samples) {
        if (signal.length < samples) {
            signal = new float[samples];
        }
        return signal;
    }

    /**
     * Channel {@code channel} of {@code frames} interleaved frames of {@code channels} channels,
     * copied into the {@link #signal} scratch, which it returns.
     */
    float[] deinterleave(float[] interleaved, int channels, int channel, int frames) {
        float[] out = signal(frames);
        for (int t = 0; t < frames; t++) {
            out[t] = interleaved[t * channels + channel];
        }
        return out;
    }

    /**
     * The features of the first {@code length} samples of the {@link #signal} scratch as a matrix of
     * {@code columns} frames (at least {@code frames(length)}) in {@code layout}, zeros in the
     * frames after {@code frames(length)}: the first {@code bins * columns} floats of the returned
     * scratch.
     */
    float[] widened(int length, int columns, FeatureLayout layout) {
        int bins = extractor.bins();
        int own = extractor.frames(length);
        int size = bins * columns;
        if (matrix.length < size) {
            matrix = new float[size];
        }
        worker.compute(signal, 0, length, matrix, 0, layout);
        if (own == columns) {
            return matrix;
        }
        if (layout == FeatureLayout.FRAMES_BINS) {
            Arrays.fill(matrix, bins * own, size, 0f);
            return matrix;
        }
        for (int k = bins - 1; k >= 0; k--) {
            System.arraycopy(matrix, k * own, matrix, k * columns, own);
            Arrays.fill(matrix, k * columns + own, (k + 1) * columns, 0f);
        }
        return matrix;
    }
}
