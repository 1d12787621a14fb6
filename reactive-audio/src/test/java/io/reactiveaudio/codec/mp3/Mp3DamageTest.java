package io.reactiveaudio.codec.mp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DamagedRegion;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.Fixtures;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.test.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged MP3 files never hang the built-in decoder and never make it lie: a damaged region is
 * passed over (and counted), the rest decodes as it would undamaged.
 */
class Mp3DamageTest {

    private static final Duration NO_HANG = Duration.ofSeconds(10);
    private static final Path CLEAN = Fixtures.path("mp3/cbr128_stereo_44k.mp3");
    /** A Java exception or error class name, as {@code toString()} puts it in a message. */
    private static final Pattern INTERNAL = Pattern.compile("\\b\\w+(Exception|Error)\\b");

    @TempDir
    Path dir;

    @Test
    void anId3v2TagWhoseSizeIsNotSyncsafeIsPassedOverAndTheFramesBehindItDecode() throws IOException {
        byte[] clean = Files.readAllBytes(CLEAN);
        byte[] badTag = {'I', 'D', '3', 3, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] tagBody = "TIT2 a title the size field no longer covers".getBytes();
        Path damaged = Files.write(dir.resolve("bad-id3-size.bin"), Bytes.concat(badTag, tagBody, clean));
        DecodedAudio expected = AudioDecoders.builtIn().decode(CLEAN);

        DecodedAudio decoded = assertTimeoutPreemptively(NO_HANG, () -> AudioDecoders.builtIn().decode(damaged));

        assertEquals(expected.info().mp3(), decoded.info().mp3());
        assertEquals(AudioDecoders.builtIn().probe(CLEAN).frames(),
                assertTimeoutPreemptively(NO_HANG, () -> AudioDecoders.builtIn().probe(damaged)).frames());
        assertArrayEquals(expected.samples(), decoded.samples());
    }

    @Test
    void anApeFooterWhoseSizeDoesNotCoverItselfIsGarbageAfterTheFramesNotATagToLoopOn() throws IOException {
        byte[] apeFooter = new byte[32];
        System.arraycopy("APETAGEX".getBytes(), 0, apeFooter, 0, 8);
        ByteBuffer.wrap(apeFooter).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 2000).putInt(12, 0);
        Path damaged = Files.write(dir.resolve("ape-size-0.mp3"), Bytes.concat(Files.readAllBytes(CLEAN), apeFooter));
        DecodedAudio expected = AudioDecoders.builtIn().decode(CLEAN);

        float[] decoded;
        Concealment concealed;
        try (PcmReader reader = assertTimeoutPreemptively(NO_HANG, () -> AudioDecoders.builtIn().open(damaged))) {
            decoded = AudioDecoders.readAll(reader).samples();
            concealed = reader.concealment();
        }

        assertArrayEquals(expected.samples(), decoded);
        assertEquals(32, concealed.skippedBytes(), "the 32 bytes that are no tag are passed over, counted");
        long end = Files.size(CLEAN);
        assertEquals(List.of(new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, end, end + 32, expected.frames(), 0)),
                concealed.regions(), "placed after the last frame, at the output's end");
    }

    @Test
    void garbageBetweenFramesIsPassedOverAndItsBytesAndPlaceInTheOutputAreRecorded() throws IOException {
        byte[] clean = Files.readAllBytes(CLEAN);
        int after = frameOffset(clean, 11);
        Path damaged = Files.write(dir.resolve("garbage-after-frame-10.mp3"), Bytes.concat(
                Arrays.copyOf(clean, after), new byte[300], Arrays.copyOfRange(clean, after, clean.length)));

        float[] decoded;
        Concealment concealed;
        try (PcmReader reader = AudioDecoders.builtIn().open(damaged)) {
            decoded = AudioDecoders.readAll(reader).samples();
            concealed = reader.concealment();
        }

        assertArrayEquals(AudioDecoders.builtIn().decode(CLEAN).samples(), decoded, "the frames decode as before");
        long trimmed = 576 + Mp3PcmReader.DECODER_DELAY;
        assertEquals(List.of(new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, after, after + 300,
                10 * 1152 - trimmed, 0)), concealed.regions(), "before audio frame 10 of the output");
        assertEquals(300, concealed.skippedBytes());
    }

    @Test
    void aReaderNeverReturnsMoreThanTheFramesAnInfoFrameWithoutLameTagCounts() throws IOException {
        byte[] bytes = withoutLameTag(Files.readAllBytes(CLEAN));
        ByteBuffer.wrap(bytes).putInt(Bytes.indexOf(bytes, "Info") + 8, 5);
        Path file = Files.write(dir.resolve("info-counts-5.mp3"), bytes);

        try (PcmReader reader = AudioDecoders.builtIn().open(file)) {
            assertEquals(5 * 1152, reader.info().frames());
            assertEquals(5 * 1152, AudioDecoders.readAll(reader).frames());
        }
    }

    @Test
    void anInfoFrameCountingNoFramesGivesNoCountAndTheFramesBehindItDecode() throws IOException {
        byte[] bytes = withoutLameTag(Files.readAllBytes(CLEAN));
        int frameCount = Bytes.indexOf(bytes, "Info") + 8;
        int audioFrames = ByteBuffer.wrap(bytes).getInt(frameCount);
        ByteBuffer.wrap(bytes).putInt(frameCount, 0);
        Path file = Files.write(dir.resolve("info-counts-0.mp3"), bytes);

        assertEquals(audioFrames * 1152L, AudioDecoders.builtIn().probe(file).frames(),
                "the frames walked, the Info frame not among them");
        assertEquals(audioFrames * 1152L, AudioDecoders.builtIn().decode(file).frames());
    }

    @Test
    void aFrameThatMakesJLayerThrowIsConcealedWithSilenceCountedAndTheLengthKept() throws IOException {
        Path file = Files.write(dir.resolve("big-values.mp3"), withFrameJLayerThrowsOn(Files.readAllBytes(CLEAN), 6));
        float[] expected = AudioDecoders.builtIn().decode(CLEAN).samples();

        float[] decoded;
        Concealment concealed;
        try (PcmReader reader = AudioDecoders.builtIn().open(file)) {
            decoded = AudioDecoders.readAll(reader).samples();
            concealed = reader.concealment();
        }

        assertEquals(expected.length, decoded.length, "a concealed frame keeps its place");
        assertTrue(concealed.concealedUnits() >= 1, concealed.toString());
        assertEquals(concealed.concealedUnits() * 1152, concealed.silentFrames());
        byte[] clean = Files.readAllBytes(CLEAN);
        assertEquals(new DamagedRegion(DamagedRegion.Kind.CONCEALED_UNIT, frameOffset(clean, 6), frameOffset(clean, 7),
                5 * 1152 - 576 - Mp3PcmReader.DECODER_DELAY, 1152), concealed.regions().get(0),
                "the frame JLayer threw on, in the file and in the output");
        assertEquals(concealed.concealedUnits(), concealed.regions().size(), "one region per concealed frame");
        int beforeDamage = 2 * (5 * 1152 - 576 - Mp3PcmReader.DECODER_DELAY);
        assertArrayEquals(Arrays.copyOf(expected, beforeDamage), Arrays.copyOf(decoded, beforeDamage));
    }

    @Test
    void anInfoTagThatClaimsTwoBillionFramesAllocatesOnlyForTheAudioThereIs() throws IOException {
        byte[] damaged = Files.readAllBytes(CLEAN);
        int info = Bytes.indexOf(damaged, "Info");
        ByteBuffer.wrap(damaged).putInt(info + 8, 0x7FFF_FFF0);
        Path file = Files.write(dir.resolve("lying-info.mp3"), damaged);
        float[] expected = AudioDecoders.builtIn().decode(CLEAN).samples();

        DecodedAudio decoded = AudioDecoders.builtIn().decode(file);

        assertEquals(0x7FFF_FFF0L, decoded.info().mp3().orElseThrow().mpegFrames());
        assertTrue(decoded.samples().length >= expected.length, "every frame there is");
        assertArrayEquals(expected, Arrays.copyOf(decoded.samples(), expected.length));
    }

    @Test
    void aFileOfOnlyItsInfoFrameIsEmptyNotASuccessWithoutAudio() throws IOException {
        byte[] clean = Files.readAllBytes(CLEAN);
        Path file = Files.write(dir.resolve("info-frame-only.mp3"), Arrays.copyOf(clean, frameOffset(clean, 1)));

        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoders.builtIn().decode(file));

        assertEquals(Kind.EMPTY, e.kind());
        assertEquals(file, e.path());
    }

    /**
     * Flips 1 to 8 bytes at seeded random places in 200 copies of a generated MP3 and decodes each:
     * every copy decodes, or fails with an {@link AudioDecodeException} whose message names no
     * internal exception, and none hangs.
     */
    @Test
    void twoHundredDamagedCopiesEachDecodeOrFailTypedAndNoInternalExceptionShows() throws IOException {
        byte[] clean = Files.readAllBytes(CLEAN);
        Random random = new Random(23);
        Map<String, Integer> outcomes = new TreeMap<>();

        for (int variant = 0; variant < 200; variant++) {
            byte[] damaged = clean.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            Path file = Files.write(dir.resolve("variant-" + variant + ".mp3"), damaged);
            String outcome = assertTimeoutPreemptively(NO_HANG, () -> outcome(file));
            outcomes.merge(outcome, 1, Integer::sum);
        }

        System.out.println("MP3 mutation outcomes (200 variants of cbr128_stereo_44k.mp3): " + outcomes);
        assertEquals(200, outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** "decoded", "concealed" or the failure's kind; fails on anything but an {@link AudioDecodeException}. */
    private static String outcome(Path file) {
        try (PcmReader reader = AudioDecoders.builtIn().open(file)) {
            AudioDecoders.readAll(reader);
            return reader.concealment().any() ? "decoded, damage concealed" : "decoded";
        } catch (AudioDecodeException e) {
            assertFalse(INTERNAL.matcher(e.getMessage()).find(), "an internal exception shows: " + e.getMessage());
            return e.kind().name();
        }
    }

    /**
     * A copy of a 128 kbit/s 44.1 kHz stereo file whose {@code n}-th frame (0 = the Info frame)
     * declares 511 big values in its first granule: twice as many spectral lines as a granule has,
     * so JLayer's Huffman decoding runs out of its array.
     */
    static byte[] withFrameJLayerThrowsOn(byte[] mp3, int n) {
        byte[] damaged = mp3.clone();
        int bigValues = frameOffset(mp3, n) + 4 + 4;
        damaged[bigValues] = (byte) 0xFF;
        damaged[bigValues + 1] |= (byte) 0x80;
        return damaged;
    }

    /** Byte offset of the {@code n}-th frame (0 = the Info frame) of a 128 kbit/s 44.1 kHz file. */
    private static int frameOffset(byte[] mp3, int n) {
        int at = 0;
        for (int i = 0; i < n; i++) {
            at += 144_000 * 128 / 44_100 + ((mp3[at + 2] >> 1) & 1);
        }
        return at;
    }

    /** The file with the first byte of its LAME tag's encoder string zeroed: an Info frame without LAME tag. */
    private static byte[] withoutLameTag(byte[] mp3) {
        byte[] copy = mp3.clone();
        copy[Bytes.indexOf(copy, "LAME")] = 0;
        return copy;
    }
}
