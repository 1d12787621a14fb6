package io.reactiveaudio.examples.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link PcmFileWriter#create} picks a format, the raw float32 format, and the writer's life cycle. */
class PcmFileWriterTest {

    @TempDir
    Path dir;

    private static final float[] SAMPLES = {0.5f, -0.5f, 1f, -1f, -0f, Float.intBitsToFloat(0x7FC0_1234),
            Float.MIN_VALUE, 3.5f};

    private static byte[] littleEndian(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    @Test
    void f32FileIsTheInterleavedSamplesLittleEndianAndNothingElse() throws IOException {
        Path out = dir.resolve("samples.f32");
        try (PcmFileWriter writer = PcmFileWriter.create(out, 2, 44_100)) {
            writer.write(SAMPLES, 3);
            writer.write(Arrays.copyOfRange(SAMPLES, 6, 8), 1);
        }

        assertArrayEquals(littleEndian(SAMPLES), Files.readAllBytes(out));
    }

    @Test
    void extensionChoosesTheFormatIgnoringCase() throws IOException {
        assertEquals("\u0093NUMPY", new String(writeOneSecond("a.NPY"), 0, 6, StandardCharsets.ISO_8859_1));
        assertEquals("RIFF", new String(writeOneSecond("b.Wav"), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(32, writeOneSecond("c.F32").length);
    }

    /** Writes the eight test samples as mono and returns the file. */
    private byte[] writeOneSecond(String name) throws IOException {
        Path out = dir.resolve(name);
        try (PcmFileWriter writer = PcmFileWriter.create(out, 1, 8)) {
            writer.write(SAMPLES, 8);
        }
        return Files.readAllBytes(out);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"out.flac", "out.raw", "out", "npy", "out.npy.tmp"})
    void unknownExtensionIsRejectedNamingTheSupportedOnesAndCreatesNoFile(String name) {
        Path out = dir.resolve(name);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PcmFileWriter.create(out, 2, 44_100));
        assertTrue(e.getMessage().contains(".npy, .f32 or .wav"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void channelsAndSampleRateMustBePositive() {
        Path out = dir.resolve("x.npy");

        assertThrows(IllegalArgumentException.class, () -> PcmFileWriter.create(out, 0, 44_100));
        assertThrows(IllegalArgumentException.class, () -> PcmFileWriter.create(out, 2, 0));
        assertFalse(Files.exists(out));
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path out = dir.resolve("again.f32");
        Files.write(out, new byte[1_000]);

        try (PcmFileWriter writer = PcmFileWriter.create(out, 1, 8_000)) {
            writer.write(SAMPLES, 2);
        }
        assertEquals(8, Files.size(out));
    }

    @Test
    void aFileInAMissingDirectoryFailsWithTheIoError() {
        Path out = dir.resolve("missing/out.wav");

        assertThrows(UncheckedIOException.class, () -> PcmFileWriter.create(out, 1, 8_000));
    }

    @Test
    void writeChecksThatTheFramesFitTheArray() {
        try (PcmFileWriter writer = PcmFileWriter.create(dir.resolve("x.f32"), 3, 8_000)) {
            assertThrows(IllegalArgumentException.class, () -> writer.write(new float[8], 3));
            assertThrows(IllegalArgumentException.class, () -> writer.write(new float[8], -1));
            writer.write(new float[8], 0);
            writer.write(new float[8], 2);
        }
    }

    @Test
    void closeIsIdempotentAndEndsWriting() throws IOException {
        Path out = dir.resolve("x.npy");
        PcmFileWriter writer = PcmFileWriter.create(out, 1, 8_000);
        writer.write(SAMPLES, 8);
        writer.close();
        byte[] closed = Files.readAllBytes(out);
        writer.close();

        assertArrayEquals(closed, Files.readAllBytes(out));
        assertThrows(IllegalStateException.class, () -> writer.write(SAMPLES, 1));
    }
}
