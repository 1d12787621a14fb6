package io.reactiveaudio.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard registry picks decoders by content, not by name, and fails clearly otherwise. */
class AudioDecodersTest {

    private final AudioDecoders decoders = AudioDecoders.standard();

    @Test
    void theContentDecidesTheCodecWhateverTheExtension(@TempDir Path dir) throws IOException {
        Path flacNamedMp3 = copy("flac/s16-stereo-44100-music.flac", dir.resolve("really-flac.mp3"));
        Path mp3NamedWav = copy("mp3/cbr128_stereo_44k.mp3", dir.resolve("really-mp3.wav"));

        assertEquals(Codec.FLAC, decoders.probe(flacNamedMp3).codec());
        assertEquals(Codec.MP3, decoders.probe(mp3NamedWav).codec());
        assertArrayEquals(decoders.decode(Fixtures.path("mp3/cbr128_stereo_44k.mp3")).samples(),
                decoders.decode(mp3NamedWav).samples());
    }

    @Test
    void aFlacStreamBehindAnId3v2TagIsStillFlac() {
        assertEquals(Codec.FLAC, decoders.probe(Fixtures.path("flac/s16-stereo-44100-music-id3v2.flac")).codec());
    }

    @Test
    void unknownContentIsUnsupportedAndShowsItsFirstBytes(@TempDir Path dir) throws IOException {
        Path ogg = dir.resolve("clip.ogg");
        Files.write(ogg, "OggS\0\2 an Ogg page".getBytes());

        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> decoders.probe(ogg));

        assertEquals(Kind.UNSUPPORTED, e.kind());
        assertEquals(ogg, e.path());
        assertTrue(e.getMessage().contains("'OggS\\x00\\x02 a'"), e.getMessage());
    }

    @Test
    void theUnsupportedMessageNamesEachFormatOnceWhenTwoBackendsReadTheSameFormats(@TempDir Path dir)
            throws IOException {
        Path ogg = Files.write(dir.resolve("clip.ogg"), "OggS\0\2 an Ogg page".getBytes());
        List<AudioDecoder> twoBackends = new ArrayList<>(AudioDecoders.builtIn().decoders());
        twoBackends.addAll(AudioDecoders.builtIn().decoders());

        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoders.of(twoBackends).probe(ogg));

        assertEquals("not a WAV/FLAC/MP3 file (starts with 'OggS\\x00\\x02 a')", e.reason());
    }

    @Test
    void aFileStartingWithAnId3TagWhoseHeaderIsDamagedGoesToTheMp3Decoder(@TempDir Path dir) throws IOException {
        byte[] damagedTag = {'I', 'D', '3', 3, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        Path file = Files.write(dir.resolve("no-extension"), damagedTag);

        try (ByteInput in = ByteInput.open(file)) {
            assertEquals(Codec.MP3, decoders.detect(in).codec());
        }
    }

    @Test
    void anEmptyFileIsEmptyAndAMissingOneUnreadable(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.flac"));

        assertEquals(Kind.EMPTY, assertThrows(AudioDecodeException.class, () -> decoders.decode(empty)).kind());
        assertEquals(Kind.UNREADABLE,
                assertThrows(AudioDecodeException.class, () -> decoders.decode(dir.resolve("gone.mp3"))).kind());
    }

    @Test
    void aFolderIsUnreadableNotACrash(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("looks-like.wav"));

        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> decoders.decode(folder));
        assertEquals(Kind.UNREADABLE, e.kind());
    }

    private static Path copy(String fixture, Path target) throws IOException {
        return Files.copy(Fixtures.path(fixture), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
