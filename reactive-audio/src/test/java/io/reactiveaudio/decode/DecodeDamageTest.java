package io.reactiveaudio.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.DamagedRegion;
import io.reactiveaudio.codec.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A file whose decoder conceals a damaged frame is a typed, counted, reported event, and the
 * {@link DamagePolicy} decides what of it reaches the stream: all of it, what came before the
 * damage, or nothing more of the run.
 *
 * <p>The damaged file is the generated 128 kbit/s stereo fixture with the side information of its
 * 6th audio frame overwritten: JLayer cannot decode that frame, the MP3 reader puts 1152 frames of
 * silence in its place (at output frames 5 × 1152 − 1105 = 4655..5806), and with chunks of 1000
 * frames the damage first shows in the chunk of frames 4000..4999.
 */
class DecodeDamageTest {

    private static final Path CLEAN = Fixtures.path("mp3/cbr128_stereo_44k.mp3");
    private static final Path OTHER = Fixtures.path("mp3/cbr64_mono_44k.mp3");
    private static final long DAMAGED_CHUNK = 4000;
    /** Output frame where audio frame 6 (the file's seventh: the first is the Info frame) starts. */
    private static final long FRAME_6_IN_OUTPUT = 5 * 1152 - 576 - 529;

    @TempDir
    Path dir;
    private Path damaged;
    private List<AudioSource> sources;
    /** What the reader of {@link #damaged} concealed: frame 6, in the file and in the output. */
    private Concealment oneFrame;

    @BeforeEach
    void damageOneFrame() throws IOException {
        byte[] clean = Files.readAllBytes(CLEAN);
        damaged = Files.write(dir.resolve("damaged.mp3"), withSideInfoOverwritten(clean, 6));
        oneFrame = new Concealment(0, 1, 1152, List.of(new DamagedRegion(DamagedRegion.Kind.CONCEALED_UNIT,
                frameOffset(clean, 6), frameOffset(clean, 7), FRAME_6_IN_OUTPUT, 1152)));
        sources = List.of(AudioSource.of(0, CLEAN), AudioSource.of(1, damaged), AudioSource.of(2, OTHER));
    }

    @Test
    void byDefaultADamagedFileIsDeliveredWholeCountedAsGoodAndItsDamageReported() {
        DecodeReport report = new DecodeReport();

        Map<Long, float[]> delivered = decode(Decode.defaults().report(report));

        assertEquals(DamagePolicy.DELIVER, Decode.defaults().damagePolicy());
        float[] clean = Fixtures.decode(CLEAN).samples();
        assertEquals(clean.length, delivered.get(1L).length, "the concealed frame keeps its place");
        assertArrayEquals(Fixtures.decode(damaged).samples(), delivered.get(1L));
        assertArrayEquals(new float[1152 * 2], Arrays.copyOfRange(delivered.get(1L), 4655 * 2, 5807 * 2),
                "silence where the frame was");
        assertArrayEquals(Fixtures.decode(OTHER).samples(), delivered.get(2L));
        assertEquals(List.of(new FileDamage(damaged, oneFrame, DAMAGED_CHUNK, DamagePolicy.DELIVER)), report.damage());
        assertEquals(1, report.damagedFiles());
        assertEquals(new Concealment(0, 1, 1152), report.concealed(), "the sum over files: counts, no places");
        assertEquals(3, report.completedFiles());
        assertEquals(0, report.problemFiles());
        assertTrue(report.toString().endsWith("; damaged: 1 (0 bytes skipped, 1 coded frame concealed (1152 frames"
                + " of silence))"), report.toString());
    }

    @Test
    void skipDeliversTheChunksBeforeTheDamageReportsACorruptProblemAndGoesOnWhateverTheErrorPolicy() {
        for (ErrorPolicy errors : ErrorPolicy.values()) {
            List<AudioDecodeException> problems = new ArrayList<>();
            DecodeReport report = new DecodeReport(problems::add);

            Map<Long, float[]> delivered = decode(Decode.defaults().damage(DamagePolicy.SKIP).errorPolicy(errors)
                    .report(report));

            assertArrayEquals(Arrays.copyOf(Fixtures.decode(CLEAN).samples(), (int) DAMAGED_CHUNK * 2), delivered.get(1L),
                    "the chunks before the damage, and no concealed sample");
            assertArrayEquals(Fixtures.decode(OTHER).samples(), delivered.get(2L));
            assertEquals(1, problems.size());
            assertEquals(damaged, problems.get(0).path());
            assertEquals(Kind.CORRUPT, problems.get(0).kind());
            assertEquals(damaged + ": corrupt: damage concealed by the decoder in the chunk of frames 4000..4999 (0 bytes"
                    + " skipped, 1 coded frame concealed (1152 frames of silence)), not delivered under"
                    + " DamagePolicy.SKIP", problems.get(0).getMessage());
            assertEquals(List.of(new FileDamage(damaged, oneFrame, DAMAGED_CHUNK, DamagePolicy.SKIP)), report.damage());
            assertEquals(2, report.completedFiles());
            assertEquals(1, report.count(Kind.CORRUPT));
        }
    }

    @Test
    void failEndsTheStreamAtTheDamageAfterTheChunksBeforeItWhateverTheErrorPolicy() {
        DecodeReport report = new DecodeReport();
        int firstFileChunks = (17_640 + 999) / 1000;

        StepVerifier.create(Flux.fromIterable(sources).transform(Decode.defaults().chunkFrames(1000).concurrency(3)
                        .damage(DamagePolicy.FAIL).errorPolicy(ErrorPolicy.SKIP_AND_REPORT).report(report)))
                .expectNextCount(firstFileChunks + DAMAGED_CHUNK / 1000)
                .expectErrorSatisfies(e -> {
                    AudioDecodeException failure = (AudioDecodeException) e;
                    assertEquals(damaged, failure.path());
                    assertEquals(Kind.CORRUPT, failure.kind());
                    assertTrue(failure.getMessage().endsWith("not delivered under DamagePolicy.FAIL"), e.getMessage());
                })
                .verify(Duration.ofSeconds(30));
        assertEquals(List.of(new FileDamage(damaged, oneFrame, DAMAGED_CHUNK, DamagePolicy.FAIL)), report.damage());
        assertEquals(1, report.problemFiles());
    }

    @Test
    void aDeliveredFileThatThenFailsHasBothItsDamageAndItsFailureReported() throws IOException {
        byte[] bytes = Files.readAllBytes(damaged);
        Path damagedAndCut = Files.write(dir.resolve("damaged-and-cut.mp3"), Arrays.copyOf(bytes, bytes.length - 100));
        List<AudioDecodeException> problems = new ArrayList<>();
        DecodeReport report = new DecodeReport(problems::add);

        Flux.just(AudioSource.of(0, damagedAndCut)).transform(Decode.defaults().chunkFrames(1000).report(report))
                .blockLast(Duration.ofSeconds(30));

        assertEquals(List.of(Kind.TRUNCATED), problems.stream().map(AudioDecodeException::kind).toList());
        assertEquals(List.of(new FileDamage(damagedAndCut, oneFrame, DAMAGED_CHUNK, DamagePolicy.DELIVER)),
                report.damage());
    }

    @Test
    void aFileWhoseDecoderSkipsGarbageIsDamagedToo() throws IOException {
        byte[] bytes = Files.readAllBytes(CLEAN);
        int frame6 = frameOffset(bytes, 6);
        Arrays.fill(bytes, frame6, frame6 + 4, (byte) 0);
        Path noHeader = Files.write(dir.resolve("no-header.mp3"), bytes);
        DecodeReport report = new DecodeReport();

        Flux.just(AudioSource.of(0, noHeader)).transform(Decode.defaults().chunkFrames(1000).report(report))
                .blockLast(Duration.ofSeconds(30));

        Concealment damage = report.damage().get(0).concealment();
        assertEquals(418, damage.skippedBytes(), "the frame whose header is gone");
        assertEquals(report.concealed(), new Concealment(damage.skippedBytes(), damage.concealedUnits(),
                damage.silentFrames()));
        assertEquals(List.of(
                        new DamagedRegion(DamagedRegion.Kind.SKIPPED_BYTES, frame6, frame6 + 418, FRAME_6_IN_OUTPUT, 0),
                        new DamagedRegion(DamagedRegion.Kind.CONCEALED_UNIT, frame6 + 418, frame6 + 2 * 418,
                                FRAME_6_IN_OUTPUT, 1152)),
                damage.regions(), "the bytes passed over, then the next frame, whose bit reservoir lay in them,"
                        + " concealed in the place frame 6 left");
    }

    @Test
    void aDamagedFileReadThroughTheCacheIsReportedEveryEpochAndNeverServedFromIt() {
        DecodedAudioCache cache = DecodedAudioCache.onDisk(dir.resolve("cache"), 1L << 30);
        DecodeReport report = new DecodeReport();
        Decode decode = Decode.defaults().chunkFrames(1000).cache(cache).report(report);

        Map<Long, float[]> first = decode(decode);
        Map<Long, float[]> second = decode(decode);

        assertArrayEquals(first.get(1L), second.get(1L));
        assertEquals(List.of(new FileDamage(damaged, oneFrame, DAMAGED_CHUNK, DamagePolicy.DELIVER),
                new FileDamage(damaged, oneFrame, DAMAGED_CHUNK, DamagePolicy.DELIVER)), report.damage());
        assertEquals(2, cache.stats().storedOnDisk(), "the two intact files");
        assertEquals(2, cache.stats().diskHits());
    }

    @Test
    void theDamagePolicyIsSetLikeEveryOtherSetting() {
        Decode defaults = Decode.defaults();

        Decode skipping = defaults.damage(DamagePolicy.SKIP);

        assertEquals(DamagePolicy.DELIVER, defaults.damagePolicy());
        assertEquals(DamagePolicy.SKIP, skipping.damagePolicy());
        assertEquals("damage", assertThrows(NullPointerException.class, () -> defaults.damage(null)).getMessage());
    }

    private Map<Long, float[]> decode(Decode stage) {
        Map<Long, float[]> out = new LinkedHashMap<>();
        Flux.fromIterable(sources).transform(stage.chunkFrames(1000)).toStream().forEach((AudioChunk c) -> {
            float[] before = out.getOrDefault(c.source().index(), new float[0]);
            float[] after = Arrays.copyOf(before, before.length + c.frames() * c.channels());
            System.arraycopy(c.samples(), 0, after, before.length, c.frames() * c.channels());
            out.put(c.source().index(), after);
        });
        return out;
    }

    /**
     * A copy of an MPEG-1 Layer III file whose {@code n}-th frame (0 = the Info frame) has its 32
     * bytes of side information overwritten with 0xFF: every granule then claims more spectral
     * values and longer scale factors than a granule holds.
     */
    static byte[] withSideInfoOverwritten(byte[] mp3, int n) {
        byte[] damaged = mp3.clone();
        int sideInfo = frameOffset(mp3, n) + 4;
        Arrays.fill(damaged, sideInfo, sideInfo + 32, (byte) 0xFF);
        return damaged;
    }

    /** Byte offset of the {@code n}-th frame of an MPEG-1 Layer III stream without CRC, from its headers. */
    private static int frameOffset(byte[] mp3, int n) {
        int[] kbps = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        int[] rates = {44_100, 48_000, 32_000};
        int at = 0;
        for (int i = 0; i < n; i++) {
            int bitrate = kbps[(mp3[at + 2] >> 4) & 0xF] * 1000;
            int rate = rates[(mp3[at + 2] >> 2) & 3];
            at += 144 * bitrate / rate + ((mp3[at + 2] >> 1) & 1);
        }
        return at;
    }
}
