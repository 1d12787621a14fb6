package io.reactiveaudio.codec.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How FlacDecoder reports empty, foreign, damaged and truncated files: the kind of failure, the
 * byte offset of the bad frame or block, and every complete frame before it returned first.
 */
class FlacErrorsTest {

    /** Frame offsets of the music fixture, as {@code flac --analyze} reports them. */
    private static final long[] FRAMES = FlacFixture.musicFrameOffsets();
    private static final int STREAMINFO_AT = 4;
    private static final int SEEKTABLE_AT = 42;
    private static final int MUSIC_FRAMES = FlacFixture.MUSIC.frames();

    @TempDir
    Path dir;

    @Test
    void theMusicFixtureHasThreeFramesAtTheseOffsets() {
        assertArrayEquals(new long[] {108, 12_492, 25_383}, FRAMES);
    }

    @Test
    void anEmptyFileIsEmpty() {
        Path empty = FlacFixture.path("empty.flac");

        assertFailure(Kind.EMPTY, 0, () -> new FlacDecoder().probe(ByteInput.open(empty)));
        assertFailure(Kind.EMPTY, 0, () -> FlacFixture.open(empty));
    }

    @Test
    void aFileWithoutTheMarkerIsCorruptAtOffsetZero() throws IOException {
        Path wav = write("RIFF\0\0\0\0WAVEfmt ".getBytes());

        assertFailure(Kind.CORRUPT, 0, () -> FlacFixture.open(wav));
    }

    @Test
    void theMarkerIsExpectedRightAfterAnId3v2Tag() throws IOException {
        Path mp3 = write(FlacFixture.concat(FlacFixture.id3v2Tag(20, true), new byte[] {(byte) 0xFF, (byte) 0xFB}));

        assertFailure(Kind.CORRUPT, 40, () -> FlacFixture.open(mp3));
    }

    @Test
    void anId3v2TagLongerThanTheFileIsTruncated() throws IOException {
        Path cut = write(Arrays.copyOf(FlacFixture.id3v2Tag(500, false), 200));

        assertFailure(Kind.TRUNCATED, 0, () -> FlacFixture.open(cut));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 100_000})
    void aTruncatedFileReturnsItsCompleteFramesThenFailsAtTheIncompleteOne(int chunk) {
        try (PcmReader reader = FlacFixture.open(FlacFixture.path("s16-stereo-44100-music-truncated.flac"))) {
            float[] complete = readUntilFailure(reader, chunk, Kind.TRUNCATED, FRAMES[2]);

            assertArrayEquals(Arrays.copyOf(FlacFixture.MUSIC.expected(), 2 * 8192), complete);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 100_000})
    void aFlippedByteFailsTheChecksumOfItsFrame(int chunk) {
        try (PcmReader reader = FlacFixture.open(FlacFixture.path("s16-stereo-44100-music-flipped.flac"))) {
            float[] complete = readUntilFailure(reader, chunk, Kind.CORRUPT, FRAMES[1]);

            assertArrayEquals(Arrays.copyOf(FlacFixture.MUSIC.expected(), 2 * 4096), complete);
        }
    }

    @Test
    void aFailureIsReportedAgainOnEveryLaterRead() {
        try (PcmReader reader = FlacFixture.open(FlacFixture.path("s16-stereo-44100-music-flipped.flac"))) {
            float[] buffer = new float[2 * 10_000];
            reader.read(buffer, 10_000);
            AudioDecodeException first = assertThrows(AudioDecodeException.class, () -> reader.read(buffer, 1));

            assertSame(first, assertThrows(AudioDecodeException.class, () -> reader.read(buffer, 1)));
        }
    }

    @Test
    void fewerSamplesThanStreamInfoDeclaresIsTruncatedAtTheEndOfTheFile() throws IOException {
        byte[] music = music();
        Path file = write(withStreamInfo(music, 44_100, 2, 16, 20_000));
        try (PcmReader reader = FlacFixture.open(file)) {
            float[] all = readUntilFailure(reader, 4096, Kind.TRUNCATED, music.length);

            assertArrayEquals(FlacFixture.MUSIC.expected(), all);
        }
    }

    @Test
    void moreSamplesThanStreamInfoDeclaresGivesTheDeclaredOnesThenIsCorruptAtTheFrameThatGoesBeyond()
            throws IOException {
        Path file = write(withStreamInfo(music(), 44_100, 2, 16, 5_000));
        try (PcmReader reader = FlacFixture.open(file)) {
            assertEquals(5_000, reader.info().frames());
            float[] decoded = readUntilFailure(reader, 4096, Kind.CORRUPT, FRAMES[1]);

            assertArrayEquals(Arrays.copyOf(FlacFixture.MUSIC.expected(), 2 * 5_000), decoded,
                    "no reader returns more frames than its headers count");
        }
    }

    @Test
    void aZeroTotalInStreamInfoMeansTheLengthIsUnknown() throws IOException {
        Path file = write(withStreamInfo(music(), 44_100, 2, 16, 0));
        try (PcmReader reader = FlacFixture.open(file)) {
            assertEquals(AudioInfo.UNKNOWN_FRAMES, reader.info().frames());
            assertArrayEquals(FlacFixture.MUSIC.expected(), FlacFixture.readAll(reader, 4096));
        }
    }

    @Test
    void aTrailingId3v1TagEndsTheStreamCleanly() throws IOException {
        byte[] id3v1 = Arrays.copyOf("TAGtitle".getBytes(), 128);
        Path file = write(FlacFixture.concat(music(), id3v1));
        try (PcmReader reader = FlacFixture.open(file)) {
            assertArrayEquals(FlacFixture.MUSIC.expected(), FlacFixture.readAll(reader, 4096));
        }
    }

    @Test
    void trailingBytesThatAreNoFrameAreCorrupt() throws IOException {
        byte[] music = music();
        Path file = write(FlacFixture.concat(music, new byte[16]));
        try (PcmReader reader = FlacFixture.open(file)) {
            float[] all = readUntilFailure(reader, 4096, Kind.CORRUPT, music.length);

            assertArrayEquals(FlacFixture.MUSIC.expected(), all);
        }
    }

    @Test
    void aStrayByteAtTheEndIsCorruptButTheStartOfASyncCodeIsTruncated() throws IOException {
        byte[] music = music();
        try (PcmReader reader = FlacFixture.open(write(FlacFixture.concat(music, new byte[] {0})))) {
            readUntilFailure(reader, 100_000, Kind.CORRUPT, music.length);
        }
        try (PcmReader reader = FlacFixture.open(write(FlacFixture.concat(music, new byte[] {(byte) 0xFF})))) {
            readUntilFailure(reader, 100_000, Kind.TRUNCATED, music.length);
        }
    }

    static Stream<Arguments> badFrameHeaders() {
        return Stream.of(
                header("no sync code", h -> h[0] = (byte) 0xFE, false, Kind.CORRUPT, "no frame sync code"),
                header("a changed bit", h -> h[3] ^= 0x10, false, Kind.CORRUPT, "CRC-8"),
                header("reserved block size code", h -> h[2] &= 0x0F, true, Kind.UNSUPPORTED, "block size code 0"),
                header("forbidden rate code", h -> h[2] |= 0x0F, true, Kind.CORRUPT, "sample rate code 15"),
                header("reserved channel code", h -> h[3] = (byte) (0xB0 | h[3] & 0x0F), true, Kind.UNSUPPORTED,
                        "channel assignment 11"),
                header("reserved depth code", h -> h[3] = (byte) (h[3] & 0xF1 | 3 << 1), true, Kind.UNSUPPORTED,
                        "bit depth code 3"),
                header("reserved bit", h -> h[3] |= 1, true, Kind.UNSUPPORTED, "reserved bit"),
                header("other sample rate", h -> h[2] = (byte) (h[2] & 0xF0 | 10), true, Kind.CORRUPT, "48000 Hz"),
                header("other bit depth", h -> h[3] = (byte) (h[3] & 0xF1 | 6 << 1), true, Kind.CORRUPT,
                        "24 bits per sample"),
                header("continuation byte first", h -> h[4] = (byte) 0x81, false, Kind.CORRUPT, "coded frame"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrameHeaders")
    void aBadFrameHeaderIsReportedAtItsFrameAfterTheFramesBefore(String change, Consumer<byte[]> patch,
                                                                 boolean fixCrc, Kind kind, String reason)
            throws IOException {
        byte[] music = music();
        int at = (int) FRAMES[1];
        byte[] header = Arrays.copyOfRange(music, at, at + 5);
        patch.accept(header);
        System.arraycopy(header, 0, music, at, header.length);
        if (fixCrc) {
            music[at + 5] = (byte) FlacStreamWriter.crc8(header, header.length);
        }
        try (PcmReader reader = FlacFixture.open(write(music))) {
            float[] buffer = new float[2 * 100_000];
            assertEquals(4096, reader.read(buffer, 100_000));
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> reader.read(buffer, 100_000));

            assertEquals(kind, e.kind(), e.getMessage());
            assertEquals(FRAMES[1], e.byteOffset(), e.getMessage());
            assertTrue(e.reason().contains(reason), e.getMessage());
        }
    }

    @Test
    void aSampleRateOfZeroIsUnsupported() throws IOException {
        Path file = write(withStreamInfo(music(), 0, 2, 16, MUSIC_FRAMES));

        assertFailure(Kind.UNSUPPORTED, STREAMINFO_AT, () -> FlacFixture.open(file));
    }

    @Test
    void aBitDepthBelowFourIsCorrupt() throws IOException {
        Path file = write(withStreamInfo(music(), 44_100, 2, 3, MUSIC_FRAMES));

        assertFailure(Kind.CORRUPT, STREAMINFO_AT, () -> FlacFixture.open(file));
    }

    @Test
    void theFirstMetadataBlockMustBeStreamInfo() throws IOException {
        byte[] music = music();
        music[STREAMINFO_AT] = 1;

        assertFailure(Kind.CORRUPT, STREAMINFO_AT, () -> FlacFixture.open(write(music)));
    }

    @Test
    void metadataBlockType127IsForbidden() throws IOException {
        byte[] music = music();
        music[SEEKTABLE_AT] = 127;

        assertFailure(Kind.CORRUPT, SEEKTABLE_AT, () -> FlacFixture.open(write(music)));
    }

    @Test
    void aFileThatEndsInsideTheMetadataIsTruncatedAtThatBlock() throws IOException {
        assertFailure(Kind.TRUNCATED, STREAMINFO_AT, () -> FlacFixture.open(write(Arrays.copyOf(music(), 30))));
        assertFailure(Kind.TRUNCATED, SEEKTABLE_AT, () -> FlacFixture.open(write(Arrays.copyOf(music(), 50))));
        assertFailure(Kind.TRUNCATED, 4, () -> FlacFixture.open(write(Arrays.copyOf(music(), 6))));
    }

    @Test
    void aStreamWithoutFramesIsTruncatedWhenStreamInfoDeclaresSamples() throws IOException {
        byte[] headersOnly = Arrays.copyOf(music(), (int) FRAMES[0]);
        try (PcmReader reader = FlacFixture.open(write(headersOnly))) {
            readUntilFailure(reader, 100, Kind.TRUNCATED, FRAMES[0]);
        }
    }

    @Test
    void aStreamWithoutFramesOrDeclaredSamplesEndsAtOnce() throws IOException {
        byte[] headersOnly = withStreamInfo(Arrays.copyOf(music(), (int) FRAMES[0]), 44_100, 2, 16, 0);
        try (PcmReader reader = FlacFixture.open(write(headersOnly))) {
            assertEquals(-1, reader.read(new float[2], 1));
        }
    }

    private static Arguments header(String change, Consumer<byte[]> patch, boolean fixCrc, Kind kind, String reason) {
        return Arguments.of(change, patch, fixCrc, kind, reason);
    }

    /** Reads until the reader fails; checks the failure and returns the samples read before it. */
    private static float[] readUntilFailure(PcmReader reader, int chunk, Kind kind, long offset) {
        int channels = reader.info().channels();
        float[] buffer = new float[chunk * channels];
        float[] all = new float[0];
        int frames = 0;
        while (true) {
            int n;
            try {
                n = reader.read(buffer, chunk);
            } catch (AudioDecodeException e) {
                assertEquals(kind, e.kind(), e.getMessage());
                assertEquals(offset, e.byteOffset(), e.getMessage());
                return Arrays.copyOf(all, frames * channels);
            }
            assertTrue(n > 0, "stream ended without the expected " + kind);
            if (all.length < (frames + n) * channels) {
                all = Arrays.copyOf(all, Math.max(2 * all.length, (frames + n) * channels));
            }
            System.arraycopy(buffer, 0, all, frames * channels, n * channels);
            frames += n;
        }
    }

    private static void assertFailure(Kind kind, long offset, Executable action) {
        AudioDecodeException e = assertThrows(AudioDecodeException.class, action);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(offset, e.byteOffset(), e.getMessage());
    }

    private static byte[] music() {
        return FlacFixture.bytes(FlacFixture.MUSIC.file());
    }

    /** A copy with the STREAMINFO sample rate, channels, bits per sample and total samples replaced. */
    private static byte[] withStreamInfo(byte[] flac, int rate, int channels, int bits, long totalSamples) {
        byte[] copy = flac.clone();
        long packed = (long) rate << 44 | (long) (channels - 1) << 41 | (long) (bits - 1) << 36 | totalSamples;
        for (int i = 0; i < 8; i++) {
            copy[STREAMINFO_AT + 4 + 10 + i] = (byte) (packed >>> (56 - 8 * i));
        }
        return copy;
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "case", ".flac"), bytes);
    }
}
