package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteSignalTest {

    @Test
    void writesTheFixtureThatSignalAndTheWriterDescribe(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("noise.wav");

        WriteSignal.main(new String[] {"--kind", "noise", "--rate", "8000", "--channels", "2", "--seconds", "0.01",
                "--encoding", "PCM_S24", "--valid-bits", "20", "--seed", "3", out.toString()});

        float[] samples = WriteSignal.signal("noise", 8_000, 2, 80, 3, 0.5);
        byte[] expected = WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S24).validBits(20).toBytes(samples, 2, 8_000);
        assertArrayEquals(expected, Files.readAllBytes(out));
    }

    @Test
    void rejectsUnknownKindsAndAMissingOutputPath() {
        assertThrows(IllegalArgumentException.class, () -> WriteSignal.signal("square", 8_000, 1, 8, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> WriteSignal.main(new String[] {"--kind", "sine"}));
    }
}
