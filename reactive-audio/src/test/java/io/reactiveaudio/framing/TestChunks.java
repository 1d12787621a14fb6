package io.reactiveaudio.framing;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Codec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;

/**
 * Decode-operator-like chunks of 16 kHz sources, and sources whose every sample tells the frame
 * and channel it came from ({@link #indexed}), so a test can check where each frame of a segment
 * came from and that padding is zero.
 */
final class TestChunks {

    static final int RATE = 16_000;
    /** Chunk sizes that share no factor with the window sizes the tests use. */
    static final int[] ODD_SIZES = {1, 7, 3, 29, 13};

    private TestChunks() {
    }

    /** Interleaved audio of {@code frames} frames whose sample (t, c) is {@link #value value(t, c)}. */
    static float[] indexed(int frames, int channels) {
        float[] audio = new float[frames * channels];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) {
                audio[t * channels + c] = value(t, c);
            }
        }
        return audio;
    }

    /** Never 0, and exact in float32 for frames below 2^21 and up to 8 channels. */
    static float value(long frame, int channel) {
        return frame * 8 + channel + 1;
    }

    /**
     * The {@code frames} frames from {@code start} of an {@link #indexed} source of
     * {@code sourceFrames} frames, zeros past its end.
     */
    static float[] window(long start, int frames, int channels, int sourceFrames) {
        float[] window = new float[frames * channels];
        for (int t = 0; t < frames && start + t < sourceFrames; t++) {
            for (int c = 0; c < channels; c++) {
                window[t * channels + c] = value(start + t, c);
            }
        }
        return window;
    }

    /**
     * Source i of {@code files} as chunks whose sizes cycle through {@code chunkFrames}: positions
     * contiguous, the last one marked; an empty source is one empty chunk marked last.
     */
    static List<AudioChunk> chunks(List<float[]> files, int channels, int... chunkFrames) {
        List<AudioChunk> chunks = new ArrayList<>();
        int made = 0;
        for (int i = 0; i < files.size(); i++) {
            AudioSource source = AudioSource.of(i, Path.of("file" + i + ".wav"));
            float[] audio = files.get(i);
            int frames = audio.length / channels;
            AudioInfo info = new AudioInfo(source.path(), Codec.WAV, RATE, channels, frames, 16, Optional.empty());
            if (frames == 0) {
                chunks.add(new AudioChunk(source, info, 0, new float[0], 0, true));
            }
            for (int at = 0; at < frames; ) {
                int n = Math.min(chunkFrames[made++ % chunkFrames.length], frames - at);
                float[] samples = Arrays.copyOfRange(audio, at * channels, (at + n) * channels);
                chunks.add(new AudioChunk(source, info, at, samples, n, at + n == frames));
                at += n;
            }
        }
        return chunks;
    }

    /**
     * Source i of {@code files} cut as a decoder aligned to {@code framing} cuts it: a first chunk of
     * {@link Framing#alignedFirstChunkFrames framing.alignedFirstChunkFrames(i)} frames, then chunks
     * of {@link Framing#maxFrames()} frames, each in an array of its exact size.
     */
    static List<AudioChunk> alignedChunks(List<float[]> files, int channels, Framing framing) {
        List<AudioChunk> chunks = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            AudioSource source = AudioSource.of(i, Path.of("file" + i + ".wav"));
            float[] audio = files.get(i);
            int frames = audio.length / channels;
            AudioInfo info = new AudioInfo(source.path(), Codec.WAV, RATE, channels, frames, 16, Optional.empty());
            int size = framing.alignedFirstChunkFrames(i);
            for (int at = 0; at < frames; size = framing.maxFrames()) {
                int n = Math.min(size, frames - at);
                float[] samples = Arrays.copyOfRange(audio, at * channels, (at + n) * channels);
                chunks.add(new AudioChunk(source, info, at, samples, n, at + n == frames));
                at += n;
            }
        }
        return chunks;
    }

    /** {@link #chunks} as a stream. */
    static Flux<AudioChunk> chunked(List<float[]> files, int channels, int... chunkFrames) {
        return Flux.fromIterable(chunks(files, channels, chunkFrames));
    }

    /** Sources of {@link #indexed} audio with the given lengths in frames. */
    static List<float[]> indexedFiles(int channels, int... frames) {
        return Arrays.stream(frames).mapToObj(n -> indexed(n, channels)).toList();
    }
}
