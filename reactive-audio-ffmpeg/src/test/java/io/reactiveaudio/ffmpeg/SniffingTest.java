package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Containers are recognised by their first bytes, and look-alikes are not. */
class SniffingTest {

    @Test
    void oggPagesAreToldApartByTheirFirstPacket() throws IOException {
        byte[] opus = head("sine-48000-stereo.opus");
        byte[] vorbis = head("sine-22050-mono.ogg");

        assertTrue(Sniffing.oggWith(opus, opus.length, "OpusHead"));
        assertFalse(Sniffing.oggWith(opus, opus.length, "\u0001vorbis"));
        assertTrue(Sniffing.oggWith(vorbis, vorbis.length, "\u0001vorbis"));
        byte[] fake = "OggS\0\2 an Ogg page".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(Sniffing.oggWith(fake, fake.length, "OpusHead"));
    }

    @Test
    void mp4AndAdtsAreAacButMp3IsNot() throws IOException {
        byte[] m4a = head("sine-44100-stereo.m4a");
        byte[] adts = head("sine-44100-stereo.aac");
        byte[] mp3 = head("sine-44100-stereo.mp3");

        assertTrue(Sniffing.mp4(m4a, m4a.length));
        assertTrue(Sniffing.adts(adts, adts.length));
        assertFalse(Sniffing.adts(mp3, mp3.length) || Sniffing.mp4(mp3, mp3.length));
        assertFalse(Sniffing.adts(adts, 3), "too short for a header");
    }

    private static byte[] head(String fixture) throws IOException {
        byte[] all = Files.readAllBytes(FfmpegFixture.path(fixture));
        return java.util.Arrays.copyOf(all, Math.min(all.length, 4096));
    }
}
