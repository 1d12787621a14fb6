package io.reactiveaudio.codec.mp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged MP3 files never hang the built-in decoder and never make it lie: a damaged region is
 * passed over (and counted), the rest decodes as it would undamaged.
 */
class Mp3DamageTest {

    private static final Duration NO_HANG = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anId3v2TagWhoseSizeIsNotSyncsafeIsPassedOverAndTheFramesBehindItDecode() throws IOException {
        byte[] clean = Files.readAllBytes(Fixtures.path("mp3/cbr128_stereo_44k.mp3"));
        byte[] badTag = {'I', 'D', '3', 3, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] tagBody = "TIT2 a title the size field no longer covers".getBytes();
        Path damaged = Files.write(dir.resolve("bad-id3-size.bin"), concat(badTag, tagBody, clean));
        DecodedAudio expected = AudioDecoders.builtIn().decode(Fixtures.path("mp3/cbr128_stereo_44k.mp3"));

        DecodedAudio decoded = assertTimeoutPreemptively(NO_HANG, () -> AudioDecoders.builtIn().decode(damaged));

        assertEquals(expected.info().mp3(), decoded.info().mp3());
        assertEquals(AudioDecoders.builtIn().probe(Fixtures.path("mp3/cbr128_stereo_44k.mp3")).frames(),
                assertTimeoutPreemptively(NO_HANG, () -> AudioDecoders.builtIn().probe(damaged)).frames());
        assertArrayEquals(expected.samples(), decoded.samples());
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
