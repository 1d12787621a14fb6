package io.reactiveaudio.codec.wav;

import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Test helpers that decode files with {@link WavDecoder} and state what the result must be. */
final class Decoding {

    private Decoding() {
    }

    /** Opens a file with a read buffer of the given size (small sizes push every read across buffer edges). */
    static ByteInput input(Path file, int bufferBytes) {
        try {
            return new ByteInput(file, FileChannel.open(file, StandardOpenOption.READ), bufferBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a whole file through calls of at most {@code maxFrames}. */
    static float[] decode(Path file, int maxFrames) {
        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            return readAll(reader, maxFrames);
        }
    }

    /** Reads a reader to its end through calls of at most {@code maxFrames}. */
    static float[] readAll(PcmReader reader, int maxFrames) {
        int channels = reader.info().channels();
        float[] block = new float[maxFrames * channels];
        float[] out = new float[0];
        int n;
        while ((n = reader.read(block, maxFrames)) > 0) {
            int at = out.length;
            out = Arrays.copyOf(out, at + n * channels);
            System.arraycopy(block, 0, out, at, n * channels);
        }
        return out;
    }

    /** What an exact decoder returns for {@code samples} written in {@code encoding}. */
    static float[] expected(WavFixtureWriter.Encoding encoding, float[] samples) {
        return switch (encoding) {
            case FLOAT32 -> samples.clone();
            case FLOAT64 -> samples.clone();
            default -> WavFixtureWriter.dequantized(samples, encoding.bits());
        };
    }

    /** Asserts equal length and equal bits in every sample (so -0.0 differs from 0.0). */
    static void assertBitExact(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("expected " + expected.length + " samples, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError("sample " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
