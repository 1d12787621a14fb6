package io.reactiveaudio.codec.wav;

import static io.reactiveaudio.codec.wav.Decoding.assertBitExact;
import static io.reactiveaudio.codec.wav.Decoding.decode;
import static io.reactiveaudio.codec.wav.Decoding.expected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import io.reactiveaudio.test.WavFixtureWriter.Encoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link WavDecoder} returns for every encoding and chunk layout a WAV file may have. */
class WavDecoderTest {

    private static final int RATE = 22_050;
    private static final int FRAMES = 1_001;

    @TempDir
    Path dir;

    /** Chunk layouts, each a change to a fixture writer. */
    enum Layout {
        CANONICAL(w -> w),
        EXTENSIBLE(WavFixtureWriter::extensible),
        ODD_CHUNK_BEFORE_FMT(WavFixtureWriter::oddChunkBeforeFmt),
        ODD_CHUNK_AFTER_DATA(WavFixtureWriter::oddChunkAfterData),
        FMT_AFTER_DATA(WavFixtureWriter::fmtAfterData),
        ALL_AT_ONCE(w -> w.extensible().oddChunkBeforeFmt().oddChunkAfterData().fmtAfterData());

        final UnaryOperator<WavFixtureWriter> apply;

        Layout(UnaryOperator<WavFixtureWriter> apply) {
            this.apply = apply;
        }
    }

    static Stream<Arguments> encodingsAndLayouts() {
        return Arrays.stream(Encoding.values())
                .flatMap(e -> Arrays.stream(Layout.values()).map(l -> Arguments.of(e, l)));
    }

    /** Noise over the whole range, led by edge values: full scale, beyond it, zero, signed zero, tiny. */
    static float[] signal(int channels, int frames) {
        float[] s = Signals.noise(7, RATE, channels, frames, 1.0);
        float[] edges = {1f, -1f, 0f, -0f, 0.5f, -0.5f, 1e-9f, -1e-9f, 0.99999994f, -0.99999994f, 1.5f, -1.5f,
                Math.nextDown(1f), 0x1p-24f, -0x1p-16f, 0.123456789f};
        System.arraycopy(edges, 0, s, 0, Math.min(edges.length, s.length));
        return s;
    }

    private Path write(WavFixtureWriter writer, float[] samples, int channels) throws IOException {
        Path file = Files.createTempFile(dir, "fixture", ".wav");
        writer.write(file, samples, channels, RATE);
        return file;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodingsAndLayouts")
    void decodesEveryEncodingAndLayoutBitExactly(Encoding encoding, Layout layout) throws IOException {
        float[] samples = signal(2, FRAMES);
        Path file = write(layout.apply.apply(WavFixtureWriter.of(encoding)), samples, 2);

        assertBitExact(expected(encoding, samples), decode(file, 4096));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodingsAndLayouts")
    void decodesWithReadsThatCrossEveryBufferEdge(Encoding encoding, Layout layout) throws IOException {
        float[] samples = signal(3, 101);
        Path file = write(layout.apply.apply(WavFixtureWriter.of(encoding)), samples, 3);

        try (PcmReader reader = new WavDecoder().open(Decoding.input(file, 16))) {
            assertBitExact(expected(encoding, samples), Decoding.readAll(reader, 7));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoding.class)
    void probeReportsRateChannelsBitsAndExactFrames(Encoding encoding) throws IOException {
        Path file = write(WavFixtureWriter.of(encoding).oddChunkAfterData(), signal(2, FRAMES), 2);

        try (ByteInput in = ByteInput.open(file)) {
            AudioInfo info = new WavDecoder().probe(in);
            assertEquals(new AudioInfo(file, Codec.WAV, RATE, 2, FRAMES, encoding.bits(), Optional.empty()), info);
        }
    }

    @Test
    void probeLeavesTheInputOpen() throws IOException {
        Path file = write(WavFixtureWriter.of(Encoding.PCM_S16), signal(1, 10), 1);

        try (ByteInput in = ByteInput.open(file)) {
            new WavDecoder().probe(in);
            in.seek(0);
            assertEquals('R', in.read());
        }
    }

    @Test
    void readerInfoEqualsProbe() throws IOException {
        Path file = write(WavFixtureWriter.of(Encoding.PCM_S24).fmtAfterData(), signal(2, FRAMES), 2);

        AudioInfo probed;
        try (ByteInput in = ByteInput.open(file)) {
            probed = new WavDecoder().probe(in);
        }
        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            assertEquals(probed, reader.info());
        }
    }

    @ParameterizedTest(name = "{0} channels")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void keepsEveryChannelInItsPlace(int channels) throws IOException {
        float[] samples = Signals.chirp(RATE, channels, 333, 100, 5_000, 0.9);
        for (Encoding encoding : new Encoding[] {Encoding.PCM_U8, Encoding.PCM_S24, Encoding.FLOAT64}) {
            Path file = write(WavFixtureWriter.of(encoding).extensible(), samples, channels);

            assertBitExact(expected(encoding, samples), decode(file, 100));
        }
    }

    @ParameterizedTest(name = "{1} valid bits in {0}")
    @MethodSource("validBitsCases")
    void fewerValidBitsThanTheContainerDecodeToTheirExactValue(Encoding container, int validBits) throws IOException {
        float[] samples = signal(2, FRAMES);
        Path file = write(WavFixtureWriter.of(container).validBits(validBits), samples, 2);

        assertBitExact(WavFixtureWriter.dequantized(samples, validBits), decode(file, 512));
        try (ByteInput in = ByteInput.open(file)) {
            assertEquals(validBits, new WavDecoder().probe(in).bitsPerSample());
        }
    }

    static Stream<Arguments> validBitsCases() {
        return Stream.of(Arguments.of(Encoding.PCM_S24, 20), Arguments.of(Encoding.PCM_S16, 12),
                Arguments.of(Encoding.PCM_S32, 24), Arguments.of(Encoding.PCM_U8, 4), Arguments.of(Encoding.PCM_S24, 24));
    }

    @ParameterizedTest(name = "data size field {0}")
    @ValueSource(longs = {0L, 0xFFFF_FFFFL})
    void streamedFileWithoutSizesIsReadToTheEnd(long sizeField) throws IOException {
        float[] samples = signal(2, FRAMES);
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S16).toBytes(samples, 2, RATE);
        byte[] streamed = WavBytes.withU32(WavBytes.withChunkSize(wav, "data", sizeField), 4, sizeField);
        Path file = Files.write(dir.resolve("streamed.wav"), streamed);

        assertBitExact(expected(Encoding.PCM_S16, samples), decode(file, 1000));
        try (ByteInput in = ByteInput.open(file)) {
            assertEquals(FRAMES, new WavDecoder().probe(in).frames());
        }
    }

    @Test
    void emptyDataChunkFollowedByAnotherChunkHoldsNoFrames() throws IOException {
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S16).oddChunkAfterData().toBytes(new float[0], 1, RATE);
        Path file = Files.write(dir.resolve("silent.wav"), wav);

        try (PcmReader reader = new WavDecoder().open(ByteInput.open(file))) {
            assertEquals(0, reader.info().frames());
            assertEquals(-1, reader.read(new float[8], 8));
        }
    }

    @Test
    void anEmptyDataChunkInFrontOfTheRealOneIsPassedOver() throws IOException {
        float[] samples = signal(2, FRAMES);
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S16).toBytes(samples, 2, RATE);
        byte[] emptyData = "data\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(dir.resolve("empty-data-first.wav"),
                WavBytes.insert(wav, WavBytes.chunk(wav, "data"), emptyData));

        assertBitExact(expected(Encoding.PCM_S16, samples), decode(file, 1000));
        try (ByteInput in = ByteInput.open(file)) {
            assertEquals(FRAMES, new WavDecoder().probe(in).frames());
        }
    }

    @ParameterizedTest(name = "RIFF size {0}")
    @ValueSource(longs = {0L, 4L, 0xFFFF_FFFFL, 12_345L})
    void wrongRiffSizeIsIgnored(long riffSize) throws IOException {
        float[] samples = signal(2, FRAMES);
        byte[] wav = WavFixtureWriter.of(Encoding.FLOAT32).oddChunkBeforeFmt().toBytes(samples, 2, RATE);
        Path file = Files.write(dir.resolve("riff-size.wav"), WavBytes.withU32(wav, 4, riffSize));

        assertBitExact(samples, decode(file, 1000));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RF64", "BW64"})
    void largeFileFormsTakeTheDataSizeFromDs64(String formId) throws IOException {
        float[] samples = signal(2, FRAMES);
        byte[] riff = WavFixtureWriter.of(Encoding.PCM_S24).oddChunkAfterData().toBytes(samples, 2, RATE);
        Path file = Files.write(dir.resolve("large.wav"), WavBytes.asRf64(riff, formId, FRAMES));

        assertBitExact(expected(Encoding.PCM_S24, samples), decode(file, 1000));
        try (ByteInput in = ByteInput.open(file)) {
            assertEquals(FRAMES, new WavDecoder().probe(in).frames());
        }
    }

    @Test
    void sniffsRiffRf64AndBw64WaveHeaders() {
        WavDecoder decoder = new WavDecoder();
        byte[] wav = WavFixtureWriter.of(Encoding.PCM_S16).toBytes(new float[4], 1, RATE);

        assertTrue(decoder.sniff(wav, wav.length));
        assertTrue(decoder.sniff(wav, 12));
        assertTrue(decoder.sniff(WavBytes.asRf64(wav, "RF64", 4), 64));
        assertTrue(decoder.sniff(WavBytes.asRf64(wav, "BW64", 4), 64));
        assertFalse(decoder.sniff(wav, 11), "too short to tell");
        assertFalse(decoder.sniff("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.US_ASCII), 16));
        assertFalse(decoder.sniff(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0}, 12));
        assertEquals(Codec.WAV, decoder.codec());
    }
}
