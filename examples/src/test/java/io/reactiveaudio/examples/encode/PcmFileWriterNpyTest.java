package io.reactiveaudio.examples.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .npy} output against the NumPy format 1.0 specification: magic, version, header
 * length, dict text, space padding and newline up to a 64-byte boundary, then C-order float32.
 */
class PcmFileWriterNpyTest {

    /** Header bytes (magic to newline) for any frame count: the longest dict, 88 bytes, rounded up to 64. */
    private static final int DATA_OFFSET = 128;

    @TempDir
    Path dir;

    /** Checks the 10-byte preamble and the header text, and returns the dict (padding removed). */
    private static String header(byte[] file) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(file, 8));
        int headerLength = ByteBuffer.wrap(file, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        assertEquals(DATA_OFFSET - 10, headerLength);
        assertEquals(0, (10 + headerLength) % 64);
        String text = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\n"), "ends with a newline");
        String dict = text.substring(0, text.length() - 1).stripTrailing();
        assertTrue(text.substring(dict.length(), text.length() - 1).chars().allMatch(c -> c == ' '),
                "padded with spaces");
        return dict;
    }

    private static float[] data(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file, DATA_OFFSET, file.length - DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void writesAFloat32ArrayOfShapeFramesByChannels() throws IOException {
        Path out = dir.resolve("audio.npy");
        float[] samples = {0.5f, -0.5f, 1f, -1f, 0.25f, -0f};
        try (PcmFileWriter writer = PcmFileWriter.create(out, 2, 16_000)) {
            writer.write(samples, 2);
            writer.write(Arrays.copyOfRange(samples, 4, 6), 1);
        }
        byte[] file = Files.readAllBytes(out);

        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", header(file));
        assertEquals(DATA_OFFSET + 24, file.length);
        assertArrayEquals(samples, data(file));
    }

    @Test
    void monoIsStillTwoDimensional() throws IOException {
        Path out = dir.resolve("mono.npy");
        try (PcmFileWriter writer = PcmFileWriter.create(out, 1, 16_000)) {
            writer.write(new float[70_000], 70_000);
        }

        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (70000, 1), }",
                header(Files.readAllBytes(out)));
    }

    @Test
    void beforeCloseTheHeaderSaysZeroFramesAtTheSameDataOffset() throws IOException {
        Path out = dir.resolve("open.npy");
        try (PcmFileWriter writer = PcmFileWriter.create(out, 2, 16_000)) {
            writer.write(new float[] {1, 2, 3, 4}, 2);
            byte[] partial = Files.readAllBytes(out);

            assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2), }", header(partial));
            assertArrayEquals(new float[] {1, 2, 3, 4}, data(partial));
        }
    }

    @Test
    void headerHasOneLengthForEveryFrameCount() {
        for (int channels : new int[] {1, 2, 1_000}) {
            NpyHeader header = new NpyHeader(channels);
            for (long frames : new long[] {0, 1, 123_456_789, Long.MAX_VALUE}) {
                ByteBuffer bytes = header.forFrames(frames);
                assertEquals(DATA_OFFSET, bytes.remaining());
                assertEquals('\n', bytes.get(DATA_OFFSET - 1));
            }
        }
    }
}
