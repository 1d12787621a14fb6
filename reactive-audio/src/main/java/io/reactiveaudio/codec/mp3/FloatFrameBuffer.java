package io.reactiveaudio.codec.mp3;

import javazoom.jl.decoder.Obuffer;

/**
 * Receives JLayer's synthesis-filter output as floats, before JLayer would clip and round them to
 * 16 bits, and stores one MPEG frame interleaved at full scale 1.0.
 *
 * <p>JLayer's filters scale their output by 32700; this buffer divides that back out, which is why
 * its samples match mpg123's float output instead of being 0.2 % too quiet. Not thread-safe.
 */
final class FloatFrameBuffer extends Obuffer {

    /** The scale factor JLayer's {@code Decoder} gives its synthesis filters. */
    private static final float JLAYER_SCALE = 32700f;
    private static final float TO_FULL_SCALE = 1f / JLAYER_SCALE;

    private final int channels;
    private final float[] samples;
    private final int[] written;

    /** A buffer for one frame of up to 1152 samples per channel. */
    FloatFrameBuffer(int channels) {
        this.channels = channels;
        this.samples = new float[1152 * channels];
        this.written = new int[channels];
    }

    @Override
    public void appendSamples(int channel, float[] f) {
        int frame = written[channel];
        int at = frame * channels + channel;
        for (int i = 0; i < 32; i++) {
            samples[at] = f[i] * TO_FULL_SCALE;
            at += channels;
        }
        written[channel] = frame + 32;
    }

    @Override
    public void append(int channel, short value) {
        throw new IllegalStateException("JLayer called the 16-bit path; the float path was expected");
    }

    /** Interleaved samples of the last decoded frame. */
    float[] samples() {
        return samples;
    }

    /** Sample frames of the last decoded frame (the fewest written on any channel). */
    int frames() {
        int min = written[0];
        for (int c = 1; c < channels; c++) {
            min = Math.min(min, written[c]);
        }
        return min;
    }

    /** Replaces the frame with {@code frames} frames of silence (a frame that could not be decoded). */
    void silence(int frames) {
        java.util.Arrays.fill(samples, 0, frames * channels, 0f);
        java.util.Arrays.fill(written, frames);
    }

    @Override
    public void clear_buffer() {
        java.util.Arrays.fill(written, 0);
    }

    @Override
    public void write_buffer(int val) {
        // samples stay here until the reader copies them out
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public void set_stop_flag() {
        // decoding is driven by the reader, which stops by itself
    }
}
