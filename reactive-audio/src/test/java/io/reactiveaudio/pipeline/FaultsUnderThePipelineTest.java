package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.cache.CacheEvent;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.decode.ErrorPolicy;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * What goes wrong under a running pipeline, over real generated files: a file deleted, replaced or
 * cut after it was listed, a manifest row pointing nowhere, a damaged cache file, a cache
 * directory that cannot be written. Each fault is a typed outcome in a report naming the file,
 * under both error policies, and never a silently shorter epoch: an epoch delivers exactly the
 * segments an intact corpus gives (same source, ordinal and samples) except those of the files
 * reported, or fails with the typed error.
 */
class FaultsUnderThePipelineTest {

    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private SourceSet corpus;
    /** What one epoch over the intact corpus delivers. */
    private List<Delivered> intact;

    @BeforeEach
    void writeCorpus() throws IOException {
        corpus = TestCorpus.write(Files.createDirectories(dir.resolve("corpus")), 8, 2000, 1500);
        intact = run(pipeline(corpus, Decode.defaults().errorPolicy(ErrorPolicy.FAIL))).delivered();
    }

    @Test
    void aFileDeletedAfterListingIsReportedUnreadableAndOnlyItsSegmentsAreMissing() throws IOException {
        AudioSource gone = corpus.sources().get(5);
        Files.delete(gone.path());

        assertUnderEachPolicyOnlyTheFileIsMissing(corpus, gone, Kind.UNREADABLE, intact);
    }

    @Test
    void aFileReplacedByAFolderAfterListingIsReportedUnreadableAndOnlyItsSegmentsAreMissing() throws IOException {
        AudioSource replaced = corpus.sources().get(2);
        Files.delete(replaced.path());
        Files.createDirectory(replaced.path());

        assertUnderEachPolicyOnlyTheFileIsMissing(corpus, replaced, Kind.UNREADABLE, intact);
    }

    /**
     * The first file of the epoch's order is long (400 000 frames, 500 segments); once the first
     * batch is out, with the consumer holding the stream, the file is cut to half its samples. The
     * pipeline cannot have read that far (its buffers hold a few dozen segments), so the cut falls
     * while the file is being decoded.
     */
    @Test
    void aFileCutWhileItIsDecodedKeepsItsSegmentsBeforeTheCutAndIsReportedTruncated() throws IOException {
        AudioSource first = pipeline(corpus, Decode.defaults()).fileOrder(0).get(0);
        WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(first.path(),
                Signals.noise(11, 16_000, 1, 400_000, 0.5), 1, 16_000);
        long dataStart = Files.size(first.path()) - 400_000L * Float.BYTES;
        List<Delivered> whole = run(pipeline(corpus, Decode.defaults().errorPolicy(ErrorPolicy.FAIL))).delivered();
        byte[] original = Files.readAllBytes(first.path());

        for (ErrorPolicy policy : ErrorPolicy.values()) {
            Files.write(first.path(), original);
            DecodeReport report = new DecodeReport();
            Outcome outcome = run(pipeline(corpus, Decode.defaults().errorPolicy(policy).report(report)),
                    () -> truncate(first.path(), dataStart + 200_000L * Float.BYTES));

            assertReported(report, first, Kind.TRUNCATED);
            outcome.assertOnly(policy, first, Kind.TRUNCATED, whole);
            List<Delivered> before = outcome.of(first);
            if (policy == ErrorPolicy.SKIP_AND_REPORT) {
                assertTrue(before.size() >= 200_000 / 800 && before.size() < whole.stream()
                        .filter(d -> d.source() == first.index()).count(), before.size() + " segments before the cut");
                assertTrue(whole.containsAll(before.subList(0, before.size() - 1)),
                        "the segments before the cut are those of the intact file");
            }
        }
    }

    @Test
    void aManifestRowPointingNowhereIsReportedUnreadableAndOnlyItsSegmentsAreMissing() throws IOException {
        List<String> rows = corpus.sources().stream().map(s -> "corpus/" + s.path().getFileName()).collect(
                Collectors.toCollection(ArrayList::new));
        rows.add(3, "corpus/renamed-since.wav");
        Path manifest = Files.write(dir.resolve("train.csv"), rows);
        SourceSet listed = Sources.manifest(manifest);
        AudioSource nowhere = listed.sources().get(3);
        Files.copy(corpus.sources().get(0).path(), nowhere.path());
        List<Delivered> whenPresent = run(pipeline(listed, Decode.defaults().errorPolicy(ErrorPolicy.FAIL))).delivered();
        Files.delete(nowhere.path());

        assertUnderEachPolicyOnlyTheFileIsMissing(listed, nowhere, Kind.UNREADABLE, whenPresent);
    }

    @Test
    void aCacheFileFailingItsBlockChecksumIsNeverServedTheFileIsDecodedAgainAndTheEventNamesIt() throws IOException {
        Path cacheDir = dir.resolve("cache");
        run(pipeline(corpus, Decode.defaults()).cache(DecodedAudioCache.onDisk(cacheDir, 1L << 30)));

        for (ErrorPolicy policy : ErrorPolicy.values()) {
            Path damaged = cacheFiles(cacheDir).get(policy.ordinal());
            flipFirstSampleByte(damaged);
            DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
            DecodeReport report = new DecodeReport();

            Outcome outcome = run(pipeline(corpus, Decode.defaults().errorPolicy(policy).report(report)).cache(cache));

            assertNull(outcome.error());
            assertEquals(intact, outcome.delivered(), "every segment, and each bit of it, as decoded");
            assertEquals(List.of(), report.problems());
            assertEquals(1, cache.stats().rebuilt());
            assertEquals(1, cache.events().size());
            CacheEvent event = cache.events().get(0);
            assertEquals(CacheEvent.Kind.DAMAGED_CACHE_FILE, event.kind());
            assertTrue(corpus.sources().stream().anyMatch(s -> s.path().equals(event.source())), event.toString());
            assertTrue(event.detail().endsWith("block 0 fails its checksum; decoding the rest of the file"), event.detail());
        }
    }

    /**
     * After the first batch the cache directory is moved away and a plain file put in its place,
     * as when a volume is unmounted or remounted read-only: files being written cannot be renamed
     * into place, new ones cannot be started. The run goes on, decoding; every file the cache did
     * not store is a WRITE_FAILED event naming it.
     */
    @Test
    void aCacheDirectoryThatCannotBeWrittenMidRunLetsTheRunGoOnWithEveryUnstoredFileReported() throws IOException {
        for (ErrorPolicy policy : ErrorPolicy.values()) {
            Path cacheDir = dir.resolve("cache-" + policy);
            DecodedAudioCache cache = DecodedAudioCache.onDisk(cacheDir, 1L << 30);
            DecodeReport report = new DecodeReport();

            Outcome outcome = run(pipeline(corpus, Decode.defaults().errorPolicy(policy).report(report)).cache(cache),
                    () -> {
                        Files.move(cacheDir, dir.resolve("moved-" + policy));
                        Files.write(cacheDir, new byte[] {1});
                    });

            assertNull(outcome.error());
            assertEquals(intact, outcome.delivered());
            assertEquals(List.of(), report.problems());
            assertUnstoredFilesReported(cache, CacheEvent.Kind.WRITE_FAILED);
            assertTrue(cache.stats().writeFailures() > 0, cache.stats().toString());
        }
    }

    /**
     * The cache directory is a 192 KiB tmpfs (mounted by the test; skipped where mounting is not
     * allowed): the corpus decodes to about 370 KB, so writes fail with ENOSPC part-way through
     * the epoch.
     */
    @Test
    void aFullDiskLetsTheRunGoOnWithoutTheCacheAndEveryUnstoredFileReported() throws Exception {
        for (ErrorPolicy policy : ErrorPolicy.values()) {
            try (SmallDisk disk = SmallDisk.mount(Files.createDirectories(dir.resolve("disk-" + policy)), 192 << 10)) {
                DecodedAudioCache cache = DecodedAudioCache.onDisk(disk.path(), 1L << 30);
                DecodeReport report = new DecodeReport();

                Outcome outcome = run(pipeline(corpus, Decode.defaults().errorPolicy(policy).report(report)).cache(cache));

                assertNull(outcome.error());
                assertEquals(intact, outcome.delivered());
                assertEquals(List.of(), report.problems());
                assertUnstoredFilesReported(cache, CacheEvent.Kind.WRITE_FAILED);
                assertTrue(cache.events().stream().anyMatch(e -> e.detail().contains("No space left on device")),
                        cache.events().toString());
            }
        }
    }

    private static AudioPipeline pipeline(SourceSet sources, Decode decode) {
        return AudioPipeline.from(sources).decode(decode).conform(16_000, ChannelPolicy.stereo()).frames(800)
                .shuffle(10).batch(3).lanes(2).seed(5).epochs(1).dropLast(false);
    }

    /**
     * Runs an epoch of {@code sources} under each error policy: the report names {@code file} with
     * {@code kind} and nothing else, and the epoch delivers every expected segment of the other
     * files (SKIP_AND_REPORT) or ends with the typed error (FAIL).
     */
    private static void assertUnderEachPolicyOnlyTheFileIsMissing(SourceSet sources, AudioSource file, Kind kind,
                                                                  List<Delivered> expected) {
        for (ErrorPolicy policy : ErrorPolicy.values()) {
            DecodeReport report = new DecodeReport();
            Outcome outcome = run(pipeline(sources, Decode.defaults().errorPolicy(policy).report(report)));

            assertReported(report, file, kind);
            outcome.assertOnly(policy, file, kind, expected);
        }
    }

    /** Every problem the report holds is this one: the file, of this kind. */
    private static void assertReported(DecodeReport report, AudioSource file, Kind kind) {
        assertEquals(List.of(file.path() + " " + kind),
                report.problems().stream().map(e -> e.path() + " " + e.kind()).toList());
    }

    /** Every file read and not stored has one event of the kind naming it, and no other event. */
    private void assertUnstoredFilesReported(DecodedAudioCache cache, CacheEvent.Kind kind) {
        List<CacheEvent> events = cache.events();
        assertEquals(Set.of(kind), events.stream().map(CacheEvent::kind).collect(Collectors.toSet()), events.toString());
        assertEquals(corpus.sources().size(), cache.stats().misses());
        assertEquals(cache.stats().misses(), cache.stats().storedOnDisk() + events.size(), cache.stats().toString());
        assertEquals(events.size(), events.stream().map(CacheEvent::source).distinct().count(), "one event per file");
    }

    private static Outcome run(AudioPipeline pipeline) {
        return run(pipeline, () -> { });
    }

    /**
     * Runs one epoch, taking batches one at a time; {@code afterFirstBatch} runs on this thread once
     * the first batch is out, while the pipeline waits for demand.
     */
    private static Outcome run(AudioPipeline pipeline, Fault afterFirstBatch) {
        List<Delivered> delivered = new ArrayList<>();
        Iterator<Batch> batches = pipeline.flux().toIterable(1).iterator();
        boolean first = true;
        try {
            while (batches.hasNext()) {
                try (Batch batch = batches.next()) {
                    delivered.addAll(Delivered.of(batch));
                }
                if (first) {
                    first = false;
                    afterFirstBatch.run();
                }
            }
        } catch (AudioDecodeException e) {
            return new Outcome(sorted(delivered), e);
        } catch (IOException e) {
            throw new AssertionError("the fault could not be made", e);
        }
        return new Outcome(sorted(delivered), null);
    }

    private static List<Delivered> sorted(List<Delivered> segments) {
        return segments.stream().sorted(Comparator.comparingLong(Delivered::source).thenComparingLong(Delivered::ordinal))
                .toList();
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    /** Flips a bit of the first sample of a cache file (the header's length is at byte 12). */
    private static void flipFirstSampleByte(Path cacheFile) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(cacheFile.toFile(), "rw")) {
            byte[] head = new byte[16];
            raf.readFully(head);
            int headerLength = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
            raf.seek(headerLength);
            int b = raf.read();
            raf.seek(headerLength);
            raf.write(b ^ 0x01);
        }
    }

    private static List<Path> cacheFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".pcm")).sorted().toList();
        }
    }

    /** One delivered segment: its source, its ordinal within the source, and the CRC-32C of its samples. */
    private record Delivered(long source, long ordinal, long crc) {

        static List<Delivered> of(Batch batch) {
            int[] shape = batch.shape();
            int itemBytes = shape[1] * shape[2] * Float.BYTES;
            ByteBuffer bytes = batch.bytes();
            List<Delivered> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                CRC32C crc = new CRC32C();
                crc.update(bytes.slice(i * itemBytes, itemBytes));
                out.add(new Delivered(batch.sourceIndices()[i], batch.ordinals()[i], crc.getValue()));
            }
            return out;
        }
    }

    /**
     * What one epoch delivered, sorted by source and ordinal, and the error that ended it (null when
     * it ran to its end).
     */
    private record Outcome(List<Delivered> delivered, AudioDecodeException error) {

        /** The segments of {@code file} delivered. */
        List<Delivered> of(AudioSource file) {
            return delivered.stream().filter(d -> d.source() == file.index()).toList();
        }

        /**
         * Under SKIP_AND_REPORT the epoch ran to its end and delivered every expected segment of
         * every other file; under FAIL it ended with the typed error naming the file, after
         * segments all expected. Either way nothing of another file is missing silently or altered.
         */
        void assertOnly(ErrorPolicy policy, AudioSource file, Kind kind, List<Delivered> expected) {
            List<Delivered> others = delivered.stream().filter(d -> d.source() != file.index()).toList();
            List<Delivered> expectedOthers = expected.stream().filter(d -> d.source() != file.index()).toList();
            if (policy == ErrorPolicy.SKIP_AND_REPORT) {
                assertNull(error, () -> "skip-and-report ended the epoch: " + error);
                assertEquals(expectedOthers, others);
                return;
            }
            AudioDecodeException e = assertInstanceOf(AudioDecodeException.class, error, "FAIL ends with the typed error");
            assertEquals(file.path(), e.path());
            assertEquals(kind, e.kind());
            assertTrue(expectedOthers.containsAll(others), "what came before the error is intact");
        }
    }

    /**
     * A tmpfs of a given size mounted on a folder, unmounted when closed. Mounting needs root (or
     * CAP_SYS_ADMIN): where it is refused, the test is skipped.
     */
    private record SmallDisk(Path path) implements AutoCloseable {

        /** How long mount and umount may take before the test gives up on them. */
        private static final Duration COMMAND_TIME = Duration.ofSeconds(30);

        static SmallDisk mount(Path at, int bytes) throws IOException, InterruptedException {
            boolean mounted;
            try {
                mounted = command("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", at.toString());
            } catch (IOException e) {
                mounted = false;
            }
            Assumptions.assumeTrue(mounted, "cannot mount a tmpfs on " + at + " (needs root): full-disk test skipped");
            return new SmallDisk(at);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            assertTrue(command("umount", "--lazy", path.toString()), "umount " + path);
        }

        /** Runs a command; false when it fails or is still running after {@link #COMMAND_TIME} (then killed). */
        private static boolean command(String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(COMMAND_TIME.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        }
    }

    /** A fault made on the test thread. */
    @FunctionalInterface
    private interface Fault {
        void run() throws IOException;
    }
}
