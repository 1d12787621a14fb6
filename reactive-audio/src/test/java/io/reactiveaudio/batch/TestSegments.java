package io.reactiveaudio.batch;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Segments whose every sample is distinct and known ({@link #sample}), two per source, sources
 * labelled {@code "c0".."c2"} by index modulo 3; and readers that decode bytes by hand.
 */
final class TestSegments {

    static final int RATE = 16_000;

    private TestSegments() {
    }

    /** Segments 0..count-1: segment i is ordinal i % 2 of source i / 2. */
    static List<Segment> segments(int count, int frames, int channels) {
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(segment(i, frames, channels));
        }
        return out;
    }

    /** Segment i of {@link #segments}. */
    static Segment segment(int i, int frames, int channels) {
        return segment(i / 2, i % 2, frames, channels, RATE);
    }

    static Segment segment(long sourceIndex, long ordinal, int frames, int channels, int sampleRate) {
        int label = (int) (sourceIndex % 3);
        AudioSource source = new AudioSource(sourceIndex, Path.of("s" + sourceIndex + ".wav"), "c" + label, label, 0,
                AudioSource.TO_END);
        float[] samples = new float[frames * channels];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) {
                samples[t * channels + c] = sample(sourceIndex, ordinal, t, c);
            }
        }
        return new Segment(source, ordinal, samples, frames, channels, sampleRate);
    }

    /** An unlabelled segment of source {@code sourceIndex}, ordinal 0. */
    static Segment unlabelled(long sourceIndex, int frames, int channels) {
        Segment s = segment(sourceIndex, 0, frames, channels, RATE);
        return new Segment(AudioSource.of(sourceIndex, s.source().path()), 0, s.samples(), frames, channels, RATE);
    }

    /** Exact in float32 for up to 99 frames and 9 channels; negative for odd sources. */
    static float sample(long sourceIndex, long ordinal, int frame, int channel) {
        float magnitude = sourceIndex * 10_000 + ordinal * 1_000 + frame * 10 + channel + 0.5f;
        return sourceIndex % 2 == 0 ? magnitude : -magnitude;
    }

    /** The float at float index {@code i}, assembled from four little-endian bytes by hand. */
    static float littleEndianFloat(ByteBuffer bytes, int i) {
        int at = i * Float.BYTES;
        int bits = (bytes.get(at) & 0xff) | (bytes.get(at + 1) & 0xff) << 8 | (bytes.get(at + 2) & 0xff) << 16
                | (bytes.get(at + 3) & 0xff) << 24;
        return Float.intBitsToFloat(bits);
    }

    /** Waits up to 5 s for {@code condition}; for effects that land on another thread. */
    static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }
}
