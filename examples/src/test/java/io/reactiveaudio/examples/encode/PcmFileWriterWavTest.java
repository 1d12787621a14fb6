package io.reactiveaudio.examples.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.wav.WavDecoder;
import io.reactiveaudio.test.Signals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .wav} output: its header byte by byte, and its round trip through {@link WavDecoder}. */
class PcmFileWriterWavTest {

    private static final int RATE = 48_000;

    @TempDir
    Path dir;

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes in blocks of 1, 777 and 100 000 frames, round robin, so blocks straddle the writer's buffer. */
    private static void writeInUnevenBlocks(PcmFileWriter writer, float[] samples, int channels) {
        int[] blocks = {1, 777, 100_000};
        int frames = samples.length / channels;
        for (int at = 0, i = 0; at < frames; i++) {
            int n = Math.min(blocks[i % blocks.length], frames - at);
            writer.write(Arrays.copyOfRange(samples, at * channels, (at + n) * channels), n);
            at += n;
        }
    }

    private static float[] decode(Path file) {
        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            int channels = reader.info().channels();
            float[] out = new float[(int) reader.info().frames() * channels];
            float[] block = new float[4096 * channels];
            int at = 0;
            int n;
            while ((n = reader.read(block, 4096)) > 0) {
                System.arraycopy(block, 0, out, at, n * channels);
                at += n * channels;
            }
            assertEquals(out.length, at);
            return out;
        }
    }

    private static void assertBitExact(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "sample " + i);
        }
    }

    @Test
    void headerIsRiffWaveJunkFloatFmtFactAndData() throws IOException {
        Path out = dir.resolve("three.wav");
        float[] samples = {0.5f, -0.5f, 1f, -1f, 0.25f, -0f};
        try (PcmFileWriter writer = PcmFileWriter.create(out, 2, RATE)) {
            writer.write(samples, 3);
        }

        ByteBuffer expected = le(94 + 24);
        expected.put(ascii("RIFF")).putInt(86 + 24).put(ascii("WAVE"));
        expected.put(ascii("JUNK")).putInt(28).put(new byte[28]);
        expected.put(ascii("fmt ")).putInt(18).putShort((short) 3).putShort((short) 2).putInt(RATE)
                .putInt(RATE * 2 * 4).putShort((short) 8).putShort((short) 32).putShort((short) 0);
        expected.put(ascii("fact")).putInt(4).putInt(3);
        expected.put(ascii("data")).putInt(24);
        for (float s : samples) {
            expected.putFloat(s);
        }
        assertArrayEquals(expected.array(), Files.readAllBytes(out));
    }

    @Test
    void decodesBitExactlyWithTheWavDecoder() throws IOException {
        Path out = dir.resolve("noise.wav");
        float[] samples = Signals.noise(5, RATE, 3, 250_000, 1.5);
        samples[0] = Float.intBitsToFloat(0x7FC0_0001);
        samples[1] = -0f;
        samples[2] = Float.MIN_VALUE;
        try (PcmFileWriter writer = PcmFileWriter.create(out, 3, RATE)) {
            writeInUnevenBlocks(writer, samples, 3);
        }

        try (ByteInput in = ByteInput.open(out)) {
            assertEquals(new AudioInfo(out, Codec.WAV, RATE, 3, 250_000, 32, Optional.empty()),
                    new WavDecoder().probe(in));
        }
        assertBitExact(samples, decode(out));
    }

    @Test
    void beyondTheRiffLimitTheHeaderBecomesRf64WithDs64() throws IOException {
        Path out = dir.resolve("large.wav");
        float[] samples = Signals.sine(RATE, 2, 100, 440, 0.5);
        try (PcmFileWriter writer = Float32FileWriter.open(out, 2, new WavFloat32Header(2, RATE, 500))) {
            writer.write(samples, 100);
        }
        byte[] file = Files.readAllBytes(out);

        ByteBuffer expected = le(48);
        expected.put(ascii("RF64")).putInt(-1).put(ascii("WAVE"));
        expected.put(ascii("ds64")).putInt(28).putLong(86 + 800).putLong(800).putLong(100).putInt(0);
        assertArrayEquals(expected.array(), Arrays.copyOf(file, 48));
        ByteBuffer tail = le(20);
        tail.put(ascii("fact")).putInt(4).putInt(-1).put(ascii("data")).putInt(-1);
        assertArrayEquals(tail.array(), Arrays.copyOfRange(file, 74, 94));
        assertBitExact(samples, decode(out));
    }

    @Test
    void aFileNotYetClosedDecodesToTheFramesWrittenSoFar() throws IOException {
        Path out = dir.resolve("streaming.wav");
        float[] samples = Signals.chirp(RATE, 2, 5_000, 100, 8_000, 0.8);
        try (PcmFileWriter writer = PcmFileWriter.create(out, 2, RATE)) {
            writer.write(samples, 5_000);

            assertBitExact(samples, decode(out));
        }
    }
}
