package io.reactiveaudio.codec.flac;

import static io.reactiveaudio.codec.flac.FlacStreamWriter.Residual.escaped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.flac.FlacStreamWriter.Header;
import io.reactiveaudio.codec.flac.FlacStreamWriter.Residual;
import io.reactiveaudio.codec.flac.FlacStreamWriter.Subframe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FlacDecoder on streams written field by field: codings the reference encoder never produces,
 * and reserved or forbidden codes, each reported with the offset of its frame.
 */
class FlacSyntheticStreamTest {

    /** Offset of the first frame after {@code fLaC} and a STREAMINFO block. */
    private static final int FIRST_FRAME = 42;
    private static final int BLOCK_4096 = 12;
    private static final int EXPLICIT_8_BIT = 6;
    private static final int EXPLICIT_16_BIT = 7;

    @TempDir
    Path dir;

    @Test
    void escapedPartitionsHoldPlainValuesAndAZeroWidthMeansZeros() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        long[] noise = random.longs(64, -30_000, 30_000).toArray();
        long[] s = new long[64];
        for (int i = 0; i < 16; i++) {
            s[i] = random.nextInt(-20, 20);
            s[32 + i] = random.nextInt(-4096, 4096);
            s[48 + i] = random.nextInt(-100, 100);
        }
        Residual residual = new Residual(0, 2, 3, escaped(0), escaped(13), 5);
        byte[] stream = new FlacStreamWriter().streamInfo(64, 64, 44_100, 1, 16, 128)
                .frame(fixedSize(64, EXPLICIT_8_BIT, 0), 16, new long[][] {noise}, List.of(Subframe.verbatim()))
                .frame(fixedSize(64, EXPLICIT_8_BIT, 1), 16, new long[][] {s}, List.of(Subframe.fixed(0, residual)))
                .toBytes();

        assertArrayEquals(expected(16, concat(noise, s)), decode(stream));
    }

    @Test
    void fiveBitRiceParametersReachThirty() throws IOException {
        long[] s = new long[256];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < s.length; i++) {
            s[i] = random.nextLong(-(1L << 31), 1L << 31);
        }
        Residual residual = new Residual(1, 1, 30, 29);
        byte[] stream = new FlacStreamWriter().streamInfo(256, 256, 48_000, 1, 32, 256)
                .frame(fixedSize(256, EXPLICIT_16_BIT, 0), 32, new long[][] {s}, List.of(Subframe.fixed(0, residual)))
                .toBytes();

        assertArrayEquals(expected(32, s), decode(stream));
    }

    static Stream<Arguments> sideCodings() {
        List<Subframe> codings = List.of(
                Subframe.verbatim(),
                Subframe.fixed(2, new Residual(1, 0, 21)),
                Subframe.lpc(15, 13, new int[] {16_382, -8_192}, new Residual(1, 2, escaped(31), 20, 20, 20)),
                Subframe.verbatim().wasted(4));
        return Stream.of(FrameHeader.LEFT_SIDE, FrameHeader.SIDE_RIGHT, FrameHeader.MID_SIDE)
                .flatMap(assignment -> codings.stream().map(coding -> Arguments.of(assignment, coding)));
    }

    @ParameterizedTest(name = "assignment {0}, side {1}")
    @MethodSource("sideCodings")
    void thirtyTwoBitStereoCarriesA33BitSideChannelInEveryAssignment(int assignment, Subframe sideCoding)
            throws IOException {
        int n = 1024;
        long[] left = new long[n];
        long[] right = new long[n];
        for (int i = 0; i < n; i++) {
            long v = Math.round(Math.sin(2 * Math.PI * 200 * i / 44_100.0) * 0x7FFF_0000L) & ~0xFL;
            left[i] = v;
            right[i] = -v - 16;
        }
        List<Subframe> subframes = assignment == FrameHeader.SIDE_RIGHT
                ? List.of(sideCoding, Subframe.verbatim()) : List.of(Subframe.verbatim(), sideCoding);
        byte[] stream = new FlacStreamWriter().streamInfo(n, n, 44_100, 2, 32, n)
                .frame(new Header(false, 0, n, EXPLICIT_16_BIT, 9, 0, assignment, 7), 32,
                        new long[][] {left, right}, subframes)
                .toBytes();

        assertArrayEquals(expected(32, left, right), decode(stream));
    }

    @Test
    void aConstant33BitSideChannelSpansTheFullRange() throws IOException {
        long[] left = new long[32];
        long[] right = new long[32];
        Arrays.fill(left, Integer.MAX_VALUE);
        Arrays.fill(right, Integer.MIN_VALUE);
        byte[] stream = new FlacStreamWriter().streamInfo(32, 32, 44_100, 2, 32, 32)
                .frame(new Header(false, 0, 32, EXPLICIT_8_BIT, 9, 0, FrameHeader.MID_SIDE, 0), 32,
                        new long[][] {left, right}, List.of(Subframe.constant(), Subframe.constant()))
                .toBytes();

        assertArrayEquals(expected(32, left, right), decode(stream));
    }

    @Test
    void variableBlockSizesNumberSamplesInUpToSevenBytes() throws IOException {
        int[] sizes = {100, 1000, 4096, 192, 37};
        int[] codes = {EXPLICIT_8_BIT, EXPLICIT_16_BIT, BLOCK_4096, 1, EXPLICIT_8_BIT};
        long[] numbers = {0, 100, 1100, 0x7_FFFF_FFFFL, 1L << 31};
        FlacStreamWriter writer = new FlacStreamWriter().streamInfo(37, 4096, 44_100, 1, 16, 0);
        long[] all = new long[0];
        SplittableRandom random = new SplittableRandom(3);
        for (int f = 0; f < sizes.length; f++) {
            long[] s = random.longs(sizes[f], -30_000, 30_000).toArray();
            writer.frame(new Header(true, numbers[f], sizes[f], codes[f], 0, 0, 0, 4), 16, new long[][] {s},
                    List.of(Subframe.fixed(1, new Residual(0, 0, escaped(17)))));
            all = concat(all, s);
        }

        assertArrayEquals(expected(16, all), decode(writer.toBytes()));
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14})
    void explicitSampleRatesMustAgreeWithStreamInfo(int rateCode) throws IOException {
        long[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] stream = new FlacStreamWriter().streamInfo(16, 16, 22_000, 1, 16, 16)
                .frame(new Header(false, 0, 16, EXPLICIT_8_BIT, rateCode, 22_000, 0, 4), 16, new long[][] {s},
                        List.of(Subframe.verbatim()))
                .toBytes();

        assertArrayEquals(expected(16, s), decode(stream));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 7, 17, 31})
    void bitDepthsWithoutAHeaderCodeComeFromStreamInfo(int bits) throws IOException {
        long max = (1L << (bits - 1)) - 1;
        long[] s = new SplittableRandom(bits).longs(300, -max - 1, max + 1).toArray();
        s[0] = -max - 1;
        s[1] = max;
        byte[] stream = new FlacStreamWriter().streamInfo(300, 300, 8_000, 1, bits, 300)
                .frame(new Header(false, 0, 300, EXPLICIT_16_BIT, 4, 0, 0, 0), bits, new long[][] {s},
                        List.of(Subframe.fixed(0, new Residual(1, 0, escaped(bits)))))
                .toBytes();

        assertArrayEquals(expected(bits, s), decode(stream));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void fixedPredictorsOfEveryOrderRestoreTheSignal(int order) throws IOException {
        long[] s = new long[576];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.round(20_000 * Math.sin(i * 0.05) + 3_000 * Math.cos(i * 0.3));
        }
        byte[] stream = new FlacStreamWriter().streamInfo(576, 576, 44_100, 1, 16, 576)
                .frame(fixedSize(576, 2, 0), 16, new long[][] {s},
                        List.of(Subframe.fixed(order, new Residual(0, 3, 14, 13, 12, 11, 10, 9, 8, escaped(16)))))
                .toBytes();

        assertArrayEquals(expected(16, s), decode(stream));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 8, 12, 13, 31, 32})
    void lpcOfAnyOrderWithFullPrecisionAndShift(int order) throws IOException {
        SplittableRandom random = new SplittableRandom(order);
        long[] s = random.longs(4096, -(1 << 23), 1 << 23).toArray();
        int[] coefs = random.ints(order, -(1 << 14), 1 << 14).toArray();
        byte[] stream = new FlacStreamWriter().streamInfo(4096, 4096, 96_000, 1, 24, 4096)
                .frame(fixedSize(4096, BLOCK_4096, 0), 24, new long[][] {s},
                        List.of(Subframe.lpc(15, 15, coefs, new Residual(1, 1, escaped(31), 26))))
                .toBytes();

        assertArrayEquals(expected(24, s), decode(stream));
    }

    @Test
    void wastedBitsAreShiftedBackIn() throws IOException {
        long[] s = new SplittableRandom(5).longs(192, -1000, 1000).map(v -> v << 7).toArray();
        byte[] stream = new FlacStreamWriter().streamInfo(192, 192, 44_100, 1, 24, 192)
                .frame(fixedSize(192, 1, 0), 24, new long[][] {s},
                        List.of(Subframe.fixed(1, Residual.rice(10)).wasted(7)))
                .toBytes();

        assertArrayEquals(expected(24, s), decode(stream));
    }

    @Test
    void readsALongStreamFrameByFrame() throws IOException {
        Path file = Files.write(dir.resolve("long.flac"), longStream(200));
        try (var channel = Files.newByteChannel(file);
             PcmReader reader = new FlacDecoder().open(new ByteInput(file, channel, 1 << 16))) {
            float[] buffer = new float[2 * 4096];
            assertEquals(4096, reader.read(buffer, 4096));

            long fileSize = Files.size(file);
            assertTrue(channel.position() < fileSize / 10,
                    "read " + channel.position() + " of " + fileSize + " bytes for the first frame");
            assertEquals(4096L * 199, reader.skip(Long.MAX_VALUE));
        }
    }

    @Test
    void decodingAllocatesNothingOnceTheFirstFrameHasSizedTheBuffers() throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Path file = Files.write(dir.resolve("long.flac"), longStream(200));
        try (PcmReader reader = FlacFixture.open(file)) {
            float[] buffer = new float[2 * 4096];
            reader.read(buffer, 4096);
            long before = threads.getCurrentThreadAllocatedBytes();
            while (reader.read(buffer, 4096) > 0) {
                // decode the remaining 199 frames
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertTrue(allocated < 1024, allocated + " bytes allocated for 199 frames");
        }
    }

    /** A 16-bit stereo stream of 4096-sample VERBATIM frames. */
    private static byte[] longStream(int frames) {
        FlacStreamWriter writer = new FlacStreamWriter().streamInfo(4096, 4096, 44_100, 2, 16, 4096L * frames);
        long[] samples = new SplittableRandom(6).longs(4096, -32_768, 32_768).toArray();
        for (int f = 0; f < frames; f++) {
            writer.frame(new Header(false, f, 4096, BLOCK_4096, 9, 0, 1, 4), 16, new long[][] {samples, samples},
                    List.of(Subframe.verbatim(), Subframe.verbatim()));
        }
        return writer.toBytes();
    }

    static Stream<Arguments> badSubframes() {
        return Stream.of(
                Arguments.of(Subframe.verbatim().typeCode(2), Kind.UNSUPPORTED, "reserved subframe type 2"),
                Arguments.of(Subframe.verbatim().typeCode(13), Kind.UNSUPPORTED, "reserved subframe type 13"),
                Arguments.of(Subframe.verbatim().typeCode(31), Kind.UNSUPPORTED, "reserved subframe type 31"),
                Arguments.of(Subframe.verbatim().typeCode(64 + 1), Kind.CORRUPT, "zero bit"),
                Arguments.of(Subframe.fixed(1, new Residual(2, 0, 3)), Kind.UNSUPPORTED, "residual coding method 2"),
                Arguments.of(Subframe.fixed(1, new Residual(3, 0, 3)), Kind.UNSUPPORTED, "residual coding method 3"),
                Arguments.of(Subframe.lpc(16, 3, new int[] {1}, Residual.rice(3)), Kind.CORRUPT, "precision"),
                Arguments.of(Subframe.lpc(12, -2, new int[] {1}, Residual.rice(3)), Kind.CORRUPT, "negative LPC shift"),
                Arguments.of(Subframe.fixed(1, new Residual(0, 7, new int[128])), Kind.CORRUPT, "partition order"),
                Arguments.of(Subframe.verbatim().wasted(16), Kind.CORRUPT, "wasted bits"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badSubframes")
    void badSubframeCodesAreReportedAtTheOffsetOfTheirFrame(Subframe bad, Kind kind, String reason)
            throws IOException {
        long[] zeros = new long[64];
        FlacStreamWriter writer = new FlacStreamWriter().streamInfo(64, 64, 44_100, 1, 16, 128)
                .frame(fixedSize(64, EXPLICIT_8_BIT, 0), 16, new long[][] {zeros}, List.of(Subframe.constant()));
        int badFrameAt = writer.size();
        writer.frame(fixedSize(64, EXPLICIT_8_BIT, 1), 16, new long[][] {zeros}, List.of(bad));

        assertFailsAfter(writer.toBytes(), 64, kind, badFrameAt, reason);
    }

    @Test
    void aPredictorOrderAboveTheBlockSizeIsCorrupt() throws IOException {
        Subframe fixedOrder3 = Subframe.verbatim().typeCode(8 + 3);
        byte[] stream = new FlacStreamWriter().streamInfo(2, 2, 44_100, 1, 16, 2)
                .frame(fixedSize(2, EXPLICIT_8_BIT, 0), 16, new long[][] {{1, 2}}, List.of(fixedOrder3))
                .toBytes();

        assertFailsAfter(stream, 0, Kind.CORRUPT, FIRST_FRAME, "predictor order 3 exceeds block size 2");
    }

    @Test
    void aFrameWithOtherChannelsThanStreamInfoIsCorrupt() throws IOException {
        long[] s = new long[16];
        byte[] stream = new FlacStreamWriter().streamInfo(16, 16, 44_100, 2, 16, 16)
                .frame(fixedSize(16, EXPLICIT_8_BIT, 0), 16, new long[][] {s}, List.of(Subframe.constant()))
                .toBytes();

        assertFailsAfter(stream, 0, Kind.CORRUPT, FIRST_FRAME, "frame has 1 channels, STREAMINFO 2");
    }

    @Test
    void aStreamThatSwitchesBlockingStrategyIsCorrupt() throws IOException {
        long[] s = new long[16];
        FlacStreamWriter writer = new FlacStreamWriter().streamInfo(16, 16, 44_100, 1, 16, 32)
                .frame(fixedSize(16, EXPLICIT_8_BIT, 0), 16, new long[][] {s}, List.of(Subframe.constant()));
        int secondAt = writer.size();
        writer.frame(new Header(true, 16, 16, EXPLICIT_8_BIT, 0, 0, 0, 0), 16, new long[][] {s},
                List.of(Subframe.constant()));

        assertFailsAfter(writer.toBytes(), 16, Kind.CORRUPT, secondAt, "blocking strategy");
    }

    @Test
    void aFrameWhoseChecksumFailsIsCorrupt() throws IOException {
        long[] s = new SplittableRandom(7).longs(64, -1000, 1000).toArray();
        FlacStreamWriter writer = new FlacStreamWriter().streamInfo(64, 64, 44_100, 1, 16, 128)
                .frame(fixedSize(64, EXPLICIT_8_BIT, 0), 16, new long[][] {s}, List.of(Subframe.verbatim()));
        int secondAt = writer.size();
        writer.frame(fixedSize(64, EXPLICIT_8_BIT, 1), 16, new long[][] {s}, List.of(Subframe.verbatim()));
        byte[] stream = writer.toBytes();
        stream[stream.length - 1] ^= 1;

        assertFailsAfter(stream, 64, Kind.CORRUPT, secondAt, "CRC-16");
    }

    private static Header fixedSize(int blockSize, int blockSizeCode, long frameNumber) {
        return new Header(false, frameNumber, blockSize, blockSizeCode, 0, 0, 0, 0);
    }

    private void assertFailsAfter(byte[] stream, int goodFrames, Kind kind, long offset, String reason)
            throws IOException {
        try (PcmReader reader = FlacFixture.open(Files.write(dir.resolve("bad.flac"), stream))) {
            float[] buffer = new float[reader.info().channels() * 100_000];
            if (goodFrames > 0) {
                assertEquals(goodFrames, reader.read(buffer, 100_000));
            }
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> reader.read(buffer, 100_000));

            assertEquals(kind, e.kind(), e.getMessage());
            assertEquals(offset, e.byteOffset(), e.getMessage());
            assertTrue(e.reason().contains(reason), e.getMessage());
        }
    }

    private float[] decode(byte[] stream) throws IOException {
        try (PcmReader reader = FlacFixture.open(Files.write(dir.resolve("stream.flac"), stream))) {
            return FlacFixture.readAll(reader, 1000);
        }
    }

    /** Interleaves integer channels as an exact decoder outputs them: {@code q / 2^(bits-1)}. */
    private static float[] expected(int bits, long[]... channels) {
        double scale = Math.scalb(1.0, 1 - bits);
        float[] out = new float[channels[0].length * channels.length];
        for (int i = 0; i < channels[0].length; i++) {
            for (int c = 0; c < channels.length; c++) {
                out[i * channels.length + c] = (float) (channels[c][i] * scale);
            }
        }
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
