package io.reactiveaudio.ffmpeg;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A native buffer of interleaved float32 frames, with the one-plane pointer libswresample writes
 * through: where the FFmpeg reader keeps a decoded frame and its conversion keeps the resampled
 * one. Grows on demand (its contents are then lost), never shrinks. Not thread-safe; frees its
 * memory on {@link #close()}.
 */
final class NativeFrames implements AutoCloseable {

    /** The fewest frames a buffer is allocated for. */
    private static final int MIN_FRAMES = 4096;

    private final int channels;
    private FloatPointer samples;
    private PointerPointer<FloatPointer> planes;
    private int capacity;

    /** An empty buffer of frames of {@code channels} channels; nothing is allocated before {@link #reserve}. */
    NativeFrames(int channels) {
        this.channels = channels;
    }

    /** Makes room for at least {@code frames} frames (at least {@value #MIN_FRAMES}). */
    void reserve(int frames) {
        if (samples != null && frames <= capacity) {
            return;
        }
        close();
        capacity = Math.max(frames, MIN_FRAMES);
        samples = new FloatPointer((long) capacity * channels);
        planes = new PointerPointer<FloatPointer>(1).put(0, samples);
    }

    /** Frames the buffer holds. */
    int capacity() {
        return capacity;
    }

    /** The samples; callers position it as they read, the planes always point at its start. */
    FloatPointer samples() {
        return samples;
    }

    /** The one-plane pointer to the start of the samples, for {@code swr_convert}. */
    PointerPointer<FloatPointer> planes() {
        return planes;
    }

    @Override
    public void close() {
        if (samples != null) {
            planes.close();
            samples.close();
            samples = null;
        }
    }
}
