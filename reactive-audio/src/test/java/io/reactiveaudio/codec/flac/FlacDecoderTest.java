package io.reactiveaudio.codec.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FlacDecoder on files made by the reference encoder: exact samples, headers, and reading in pieces. */
class FlacDecoderTest {

    private final FlacDecoder decoder = new FlacDecoder();

    static List<FlacFixture> encoded() {
        return FlacFixture.ENCODED;
    }

    static Stream<Arguments> encodedInChunks() {
        return FlacFixture.ENCODED.stream()
                .flatMap(fixture -> Stream.of(1, 1000, 100_000).map(chunk -> Arguments.of(fixture, chunk)));
    }

    @ParameterizedTest
    @MethodSource("encoded")
    void decodesEveryFixtureToTheSamplesItWasEncodedFrom(FlacFixture fixture) {
        try (PcmReader reader = FlacFixture.open(fixture.path())) {
            float[] decoded = FlacFixture.readAll(reader, 4096);

            assertArrayEquals(fixture.expected(), decoded);
            assertEquals(reader.info().frames(), decoded.length / fixture.channels());
        }
    }

    @ParameterizedTest
    @MethodSource("encodedInChunks")
    void readingInChunksOfAnySizeGivesTheSameSamples(FlacFixture fixture, int chunk) {
        try (PcmReader reader = FlacFixture.open(fixture.path())) {
            assertArrayEquals(fixture.expected(), FlacFixture.readAll(reader, chunk));
        }
    }

    @ParameterizedTest
    @MethodSource("encoded")
    void probeReportsStreamInfo(FlacFixture fixture) {
        try (ByteInput in = ByteInput.open(fixture.path())) {
            AudioInfo info = decoder.probe(in);

            assertEquals(new AudioInfo(fixture.path(), Codec.FLAC, fixture.rate(), fixture.channels(),
                    fixture.frames(), fixture.bits(), Optional.empty()), info);
        }
    }

    @Test
    void readerReportsWhatProbeReports() {
        AudioInfo probed;
        try (ByteInput in = ByteInput.open(FlacFixture.MUSIC.path())) {
            probed = decoder.probe(in);
        }
        try (PcmReader reader = FlacFixture.open(FlacFixture.MUSIC.path())) {
            assertEquals(probed, reader.info());
        }
    }

    @Test
    void skipsALeadingId3v2TagWithAFakePictureFullOfSyncPatterns() {
        Path tagged = FlacFixture.path("s16-stereo-44100-music-id3v2.flac");
        try (ByteInput in = ByteInput.open(tagged)) {
            assertEquals(FlacFixture.MUSIC.frames(), decoder.probe(in).frames());
        }
        try (PcmReader reader = FlacFixture.open(tagged)) {
            assertArrayEquals(FlacFixture.MUSIC.expected(), FlacFixture.readAll(reader, 4096));
        }
    }

    @Test
    void readReturnsMinusOneAtTheEndAndKeepsDoingSo() {
        try (PcmReader reader = FlacFixture.open(FlacFixture.MUSIC.path())) {
            FlacFixture.readAll(reader, 4096);
            float[] buffer = new float[8];

            assertEquals(-1, reader.read(buffer, 4));
            assertEquals(-1, reader.read(buffer, 4));
        }
    }

    @Test
    void readFillsAsMuchOfTheRequestAsTheStreamHolds() {
        try (PcmReader reader = FlacFixture.open(FlacFixture.MUSIC.path())) {
            float[] buffer = new float[2 * 20_000];

            assertEquals(FlacFixture.MUSIC.frames(), reader.read(buffer, 20_000));
            assertArrayEquals(FlacFixture.MUSIC.expected(), Arrays.copyOf(buffer, 2 * FlacFixture.MUSIC.frames()));
        }
    }

    @Test
    void skipDropsFramesAcrossFrameBoundaries() {
        float[] expected = FlacFixture.MUSIC.expected();
        try (PcmReader reader = FlacFixture.open(FlacFixture.MUSIC.path())) {
            assertEquals(5000, reader.skip(5000));
            float[] rest = FlacFixture.readAll(reader, 777);

            assertArrayEquals(Arrays.copyOfRange(expected, 2 * 5000, expected.length), rest);
        }
    }

    @Test
    void readRejectsADestinationTooSmallOrACountBelowOne() {
        try (PcmReader reader = FlacFixture.open(FlacFixture.MUSIC.path())) {
            assertThrows(IllegalArgumentException.class, () -> reader.read(new float[7], 4));
            assertThrows(IllegalArgumentException.class, () -> reader.read(new float[8], 0));
        }
    }

    @Test
    void closeClosesTheFileAndIsIdempotent() throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(FlacFixture.MUSIC.path());
        PcmReader reader = decoder.open(new ByteInput(FlacFixture.MUSIC.path(), channel, 4096));
        reader.read(new float[2], 1);

        reader.close();
        reader.close();

        assertFalse(channel.isOpen());
        assertThrows(IllegalStateException.class, () -> reader.read(new float[2], 1));
    }

    @Test
    void openClosesTheFileWhenTheHeadersAreBad(@TempDir Path dir) throws IOException {
        Path notFlac = Files.write(dir.resolve("not.flac"), "RIFF0000WAVEfmt ".getBytes());
        SeekableByteChannel channel = Files.newByteChannel(notFlac);

        assertThrows(AudioDecodeException.class, () -> decoder.open(new ByteInput(notFlac, channel, 4096)));
        assertFalse(channel.isOpen());
    }

    @Test
    void worksThroughASmallInputBuffer() throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(FlacFixture.MUSIC.path());
        try (PcmReader reader = decoder.open(new ByteInput(FlacFixture.MUSIC.path(), channel, 16))) {
            assertArrayEquals(FlacFixture.MUSIC.expected(), FlacFixture.readAll(reader, 4096));
        }
    }

    @Test
    void sniffsTheMarkerAtTheStartOrAfterAnId3v2TagThatFitsTheSniffedBytes() {
        assertTrue(sniff(FlacFixture.bytes(FlacFixture.MUSIC.file())));
        assertTrue(sniff(FlacFixture.concat(FlacFixture.id3v2Tag(20, false), "fLaC".getBytes())));
        assertTrue(sniff(FlacFixture.concat(FlacFixture.id3v2Tag(20, true), "fLaC".getBytes())));
        assertTrue(sniff(FlacFixture.concat(FlacFixture.id3v2Tag(0, false), FlacFixture.id3v2Tag(3, false), "fLaC".getBytes())));
    }

    @Test
    void doesNotSniffOtherContent() {
        assertFalse(sniff("RIFF\0\0\0\0WAVE".getBytes()));
        assertFalse(sniff(FlacFixture.concat(FlacFixture.id3v2Tag(20, false), new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0})));
        assertFalse(sniff("fLa".getBytes()));
        assertFalse(decoder.sniff("fLaC".getBytes(), 3));
        assertFalse(sniff(new byte[0]));
    }

    @Test
    void isTheFlacCodec() {
        assertEquals(Codec.FLAC, decoder.codec());
    }

    private boolean sniff(byte[] head) {
        byte[] padded = Arrays.copyOf(head, AudioDecoder.SNIFF_BYTES);
        return decoder.sniff(padded, Math.min(head.length, AudioDecoder.SNIFF_BYTES));
    }
}
