package io.reactiveaudio.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte sources open local files and ranges of them, and name what they cannot open. */
class ByteSourcesTest {

    @TempDir
    Path dir;

    @Test
    void aRangeReadsOnlyItsBytesFromAnyPosition() throws IOException {
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("shard.tar"), bytes);
        ByteSource member = ByteSources.of(file.toString()).range(1000, 300, "shard.tar#m");
        assertEquals(300, member.size());
        try (InputStream in = Channels.newInputStream(member.openAt(100))) {
            assertArrayEquals(Arrays.copyOfRange(bytes, 1100, 1300), in.readAllBytes());
        }
    }

    @Test
    void aMissingFileIsNotFoundNamingIt() {
        ByteSource missing = ByteSources.of(URI.create(dir.resolve("gone.tar").toUri().toString()));
        ByteSourceException e = assertThrows(ByteSourceException.class, () -> missing.openAt(0));
        assertEquals(ByteSourceException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("gone.tar"), e.getMessage());
    }

    @Test
    void aSchemeWithoutProviderNamesTheModuleToAdd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteSources.of("gopher://host/shard.tar"));
        assertTrue(e.getMessage().contains("gopher://host/shard.tar") && e.getMessage().contains("reactive-audio-remote"),
                e.getMessage());
    }
}
