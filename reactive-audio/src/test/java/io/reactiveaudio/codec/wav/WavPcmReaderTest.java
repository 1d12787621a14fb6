package io.reactiveaudio.codec.wav;

import static io.reactiveaudio.codec.wav.Decoding.assertBitExact;
import static io.reactiveaudio.codec.wav.Decoding.expected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import io.reactiveaudio.test.WavFixtureWriter.Encoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a WAV reader hands out frames: block sizes, skipping, the end of the stream and closing. */
class WavPcmReaderTest {

    private static final int RATE = 48_000;
    private static final int CHANNELS = 8;
    /** More frames than one internal buffer of 8-channel float64 holds (1024). */
    private static final int FRAMES = 5_003;

    @TempDir
    Path dir;

    private float[] samples;
    private Path file;

    @BeforeEach
    void writeFixture() throws IOException {
        samples = Signals.noise(11, RATE, CHANNELS, FRAMES, 1.0);
        file = dir.resolve("eight.wav");
        WavFixtureWriter.of(Encoding.FLOAT64).extensible().oddChunkAfterData().write(file, samples, CHANNELS, RATE);
    }

    private PcmReader open() {
        return new WavDecoder().open(ByteInput.open(file));
    }

    @ParameterizedTest(name = "maxFrames {0}")
    @ValueSource(ints = {1, 777, 100_000})
    void anyBlockSizeYieldsTheSameSamples(int maxFrames) {
        try (PcmReader reader = open()) {
            assertBitExact(expected(Encoding.FLOAT64, samples), Decoding.readAll(reader, maxFrames));
        }
    }

    @Test
    void oneReadReturnsAsManyFramesAsAskedEvenBeyondTheInternalBuffer() {
        try (PcmReader reader = open()) {
            float[] dst = new float[100_000 * CHANNELS];

            assertEquals(3_000, reader.read(dst, 3_000));
            assertEquals(FRAMES - 3_000, reader.read(dst, 100_000));
            assertEquals(-1, reader.read(dst, 100_000));
            assertEquals(-1, reader.read(dst, 1));
        }
    }

    @Test
    void skipMovesToTheFrameAndReadsContinueFromThere() {
        try (PcmReader reader = open()) {
            float[] dst = new float[10 * CHANNELS];
            assertEquals(1_234, reader.skip(1_234));
            assertEquals(10, reader.read(dst, 10));
            assertBitExact(Arrays.copyOfRange(samples, 1_234 * CHANNELS, 1_244 * CHANNELS), dst);

            assertEquals(0, reader.skip(0));
            assertEquals(0, reader.skip(-5));
            assertEquals(10, reader.read(dst, 10));
            assertBitExact(Arrays.copyOfRange(samples, 1_244 * CHANNELS, 1_254 * CHANNELS), dst);
        }
    }

    @Test
    void skipPastTheEndSkipsWhatIsLeftAndEndsTheStream() {
        try (PcmReader reader = open()) {
            reader.skip(3);
            assertEquals(FRAMES - 3, reader.skip(Long.MAX_VALUE));
            assertEquals(0, reader.skip(1));
            assertEquals(-1, reader.read(new float[CHANNELS], 1));
        }
    }

    @Test
    void rejectsBlocksThatDoNotFitTheDestination() {
        try (PcmReader reader = open()) {
            assertThrows(IllegalArgumentException.class, () -> reader.read(new float[CHANNELS], 0));
            assertThrows(IllegalArgumentException.class, () -> reader.read(new float[2 * CHANNELS - 1], 2));
        }
    }

    @Test
    void closeIsIdempotentAndEndsReading() {
        PcmReader reader = open();
        reader.close();
        reader.close();

        assertThrows(IllegalStateException.class, () -> reader.read(new float[CHANNELS], 1));
        assertThrows(IllegalStateException.class, () -> reader.skip(1));
    }
}
