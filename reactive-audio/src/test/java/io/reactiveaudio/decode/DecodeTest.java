package io.reactiveaudio.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.Fixtures;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.mp3.Mp3Decoder;
import io.reactiveaudio.test.DemandProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class DecodeTest {

    private static final List<String> FILES = List.of("mp3/cbr128_stereo_44k.mp3", "mp3/mpeg25_vbr_mono_8k.mp3",
            "mp3/vbr_v2_stereo_44k.mp3", "mp3/cbr64_mono_44k.mp3", "mp3/mpeg2_cbr32_mono_16k.mp3",
            "mp3/notag_cbr128_stereo_44k.mp3");

    private final CountingDecoder counting = new CountingDecoder();
    private final AudioDecoders decoders = AudioDecoders.of(List.of(counting));

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void emitsEverySourceWholeAndInInputOrderWhateverTheConcurrency(int concurrency) {
        List<AudioSource> sources = sources(FILES);
        List<AudioChunk> chunks = Flux.fromIterable(sources)
                .transform(Decode.defaults().decoders(decoders).concurrency(concurrency).chunkFrames(1000))
                .collectList().block(Duration.ofSeconds(30));

        Map<Long, float[]> bySource = concatenate(chunks);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), new ArrayList<>(bySource.keySet()), "input order");
        for (AudioSource s : sources) {
            assertArrayEquals(Fixtures.decode(s.path()).samples(), bySource.get(s.index()), s.path().toString());
        }
    }

    @Test
    void alignedChunksCutEachSourcesFirstChunkAtItsBoundaryThenWholeWindowsIntoArraysUsedBefore() {
        List<AudioSource> sources = sources(FILES);
        Queue<float[]> stale = new ConcurrentLinkedQueue<>();
        List<float[]> given = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            float[] used = new float[5000 * 2];
            Arrays.fill(used, Float.NaN);
            stale.add(used);
            given.add(used);
        }
        List<AudioChunk> chunks = Flux.fromIterable(sources)
                .transform(Decode.defaults().decoders(decoders).alignedChunks(5000, index -> 1000 + (int) index,
                        length -> {
                            float[] used = stale.poll();
                            return used != null && used.length == length ? used : new float[length];
                        }))
                .collectList().block(Duration.ofSeconds(30));

        for (AudioChunk c : chunks.stream().filter(c -> c.frames() > 0).toList()) {
            long first = 1000 + c.source().index();
            long expected = c.position() == 0 ? first : 5000;
            long decoded = Fixtures.decode(c.source().path()).frames();
            assertEquals(Math.min(expected, decoded - c.position()), c.frames(), "chunk at " + c.position());
            assertEquals(c.position() == 0 ? 0 : (c.position() - first) % 5000, 0, "chunk at " + c.position());
            assertEquals(expected * c.channels(), c.samples().length, "an array of the chunk's exact size");
        }
        Map<Long, float[]> bySource = concatenate(chunks);
        for (AudioSource s : sources) {
            assertArrayEquals(Fixtures.decode(s.path()).samples(), bySource.get(s.index()), s.path().toString());
        }
        assertTrue(chunks.stream().filter(c -> given.stream().anyMatch(a -> a == c.samples())).count() > 10,
                "stereo whole chunks were read into the arrays given back");
        for (AudioSource s : sources) {
            List<AudioChunk> own = chunks.stream().filter(c -> c.source().equals(s)).toList();
            AudioChunk end = own.get(own.size() - 1);
            assertTrue(end.last() && end.frames() == 0, "ends with an empty chunk marked last, read ahead of nothing");
            assertTrue(own.subList(0, own.size() - 1).stream().noneMatch(AudioChunk::last));
        }
    }

    @Test
    void everySourceEndsWithExactlyOneChunkMarkedLastAndPositionsAreContiguous() {
        List<AudioChunk> chunks = Flux.fromIterable(sources(FILES))
                .transform(Decode.defaults().decoders(decoders).chunkFrames(4096))
                .collectList().block(Duration.ofSeconds(30));

        long expectedPosition = 0;
        int lastMarks = 0;
        for (int i = 0; i < chunks.size(); i++) {
            AudioChunk c = chunks.get(i);
            assertEquals(expectedPosition, c.position(), "chunk " + i);
            expectedPosition = c.last() ? 0 : c.position() + c.frames();
            lastMarks += c.last() ? 1 : 0;
            boolean nextIsOtherSource = i + 1 == chunks.size() || chunks.get(i + 1).source() != c.source();
            assertEquals(nextIsOtherSource, c.last(), "chunk " + i + " of " + c.source().path());
        }
        assertEquals(FILES.size(), lastMarks);
    }

    @Test
    void opensNoMoreFilesThanTheConcurrencyBeforeDemandArrives() {
        DemandProbe<AudioSource> sources = DemandProbe.of(sources(FILES));

        StepVerifier.create(sources.flux().transform(Decode.defaults().decoders(decoders).concurrency(2)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .then(() -> {
                    assertTrue(counting.opened.get() <= 2, "opened " + counting.opened.get());
                    sources.assertRequestedAtMost(2);
                })
                .thenRequest(1)
                .expectNextMatches(c -> c.source().index() == 0)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertTrue(sources.isCancelled());
    }

    @Test
    void aFailingFileClosesEveryOtherOpenFile(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.mp3");
        Files.write(junk, new byte[2000]);
        List<AudioSource> sources = new ArrayList<>(sources(FILES.subList(0, 2)));
        sources.add(AudioSource.of(2, junk));
        sources.addAll(sources(FILES).subList(3, 6));

        StepVerifier.create(Flux.fromIterable(sources).transform(Decode.defaults().decoders(decoders)
                        .concurrency(4).errorPolicy(ErrorPolicy.FAIL)))
                .thenConsumeWhile(c -> c.source().index() < 2)
                .expectError(AudioDecodeException.class)
                .verify(Duration.ofSeconds(10));

        waitUntil(() -> counting.open.isEmpty());
    }

    @Test
    void cancellingClosesEveryOpenFile() {
        Flux.fromIterable(sources(FILES))
                .transform(Decode.defaults().decoders(decoders).concurrency(4).chunkFrames(256))
                .take(3)
                .blockLast(Duration.ofSeconds(10));

        waitUntil(() -> counting.open.isEmpty());
        assertTrue(counting.opened.get() >= 1);
    }

    @Test
    void decodingRunsOnBoundedElasticThreads() {
        Flux.fromIterable(sources(FILES)).transform(Decode.defaults().decoders(decoders)).blockLast(Duration.ofSeconds(30));

        assertTrue(counting.threads.stream().allMatch(t -> t.startsWith("boundedElastic")), counting.threads.toString());
    }

    @Test
    void skipAndReportKeepsGoodDataAndCountsEachProblem(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.mp3");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path missing = dir.resolve("missing.mp3");
        List<String> problems = new ArrayList<>();
        DecodeReport report = new DecodeReport(e -> problems.add(e.path().getFileName() + " " + e.kind()));
        List<AudioSource> sources = List.of(
                AudioSource.of(0, Fixtures.path("mp3/cbr128_stereo_44k.mp3")),
                AudioSource.of(1, junk),
                AudioSource.of(2, Fixtures.path("mp3/truncated_cbr128_stereo_44k.mp3")),
                AudioSource.of(3, missing),
                AudioSource.of(4, Fixtures.path("mp3/cbr64_mono_44k.mp3")));

        List<AudioChunk> chunks = Flux.fromIterable(sources)
                .transform(Decode.defaults().errorPolicy(ErrorPolicy.SKIP_AND_REPORT).report(report))
                .collectList().block(Duration.ofSeconds(30));

        Map<Long, float[]> bySource = concatenate(chunks);
        assertEquals(List.of(0L, 2L, 4L), new ArrayList<>(bySource.keySet()));
        assertEquals(11 * 1152 - 576 - 529, bySource.get(2L).length / 2, "complete frames of the truncated file");
        assertEquals(List.of("junk.mp3 CORRUPT", "truncated_cbr128_stereo_44k.mp3 TRUNCATED",
                "missing.mp3 UNREADABLE"), problems);
        assertEquals(2, report.completedFiles());
        assertEquals(3, report.problemFiles());
        assertEquals(1, report.count(Kind.TRUNCATED));
        assertEquals(chunks.stream().mapToLong(AudioChunk::frames).sum(), report.frames());
    }

    @Test
    void failPolicyDeliversEverythingBeforeTheBadFileThenItsError(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.wav");
        Files.write(junk, new byte[] {'R', 'I', 'F', 'X', 0, 0});
        List<AudioSource> sources = List.of(
                AudioSource.of(0, Fixtures.path("mp3/cbr128_stereo_44k.mp3")),
                AudioSource.of(1, junk),
                AudioSource.of(2, Fixtures.path("mp3/cbr64_mono_44k.mp3")));
        int firstFileChunks = (17_640 + 8191) / 8192;

        StepVerifier.create(Flux.fromIterable(sources).transform(Decode.defaults().concurrency(3)
                        .errorPolicy(ErrorPolicy.FAIL)))
                .expectNextCount(firstFileChunks)
                .expectErrorSatisfies(e -> {
                    assertEquals(AudioDecodeException.class, e.getClass());
                    assertEquals(junk, ((AudioDecodeException) e).path());
                })
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void clipsHonourOffsetAndDurationInSeconds() {
        Path file = Fixtures.path("mp3/cbr128_stereo_44k.mp3");
        float[] whole = Fixtures.decode(file).samples();
        AudioSource clip = new AudioSource(0, file, null, -1, 0.1, 0.2);

        float[] samples = concatenate(Flux.just(clip).transform(Decode.defaults())
                .collectList().block(Duration.ofSeconds(10))).get(0L);

        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 4410 * 2, (4410 + 8820) * 2), samples);
    }

    @Test
    void settersReturnNewStagesAndLeaveTheOriginalUnchanged() {
        Decode defaults = Decode.defaults();
        DecodeReport report = new DecodeReport();
        Decode configured = defaults.concurrency(3).prefetch(2).chunkFrames(500).errorPolicy(ErrorPolicy.FAIL)
                .report(report).decoders(decoders);

        assertEquals(List.of(Runtime.getRuntime().availableProcessors(), Decode.DEFAULT_PREFETCH,
                Decode.DEFAULT_CHUNK_FRAMES), List.of(defaults.concurrency(), defaults.prefetch(), defaults.chunkFrames()));
        assertEquals(ErrorPolicy.SKIP_AND_REPORT, defaults.errorPolicy());
        assertFalse(defaults.concurrencyExplicit(), "the default concurrency is the cores, not a choice");
        assertNotSame(report, defaults.report());
        assertNotSame(decoders, defaults.decoders());

        assertEquals(List.of(3, 2, 500), List.of(configured.concurrency(), configured.prefetch(),
                configured.chunkFrames()));
        assertEquals(ErrorPolicy.FAIL, configured.errorPolicy());
        assertTrue(configured.concurrencyExplicit());
        assertSame(report, configured.report());
        assertSame(decoders, configured.decoders());
    }

    @Test
    void argumentChecksNameTheArgumentAndItsValue() {
        Decode decode = Decode.defaults();
        assertEquals("concurrency must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> decode.concurrency(0)).getMessage());
        assertEquals("prefetch must be at least 1: -2",
                assertThrows(IllegalArgumentException.class, () -> decode.prefetch(-2)).getMessage());
        assertEquals("chunkFrames must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> decode.chunkFrames(0)).getMessage());
        assertEquals("policy", assertThrows(NullPointerException.class, () -> decode.errorPolicy(null)).getMessage());
        assertEquals("scheduler", assertThrows(NullPointerException.class, () -> decode.scheduler(null)).getMessage());
    }

    private static List<AudioSource> sources(List<String> fixtures) {
        List<AudioSource> out = new ArrayList<>();
        for (String f : fixtures) {
            out.add(AudioSource.of(out.size(), Fixtures.path(f)));
        }
        return out;
    }

    private static Map<Long, float[]> concatenate(List<AudioChunk> chunks) {
        Map<Long, float[]> out = new LinkedHashMap<>();
        for (AudioChunk c : chunks) {
            float[] before = out.getOrDefault(c.source().index(), new float[0]);
            float[] after = java.util.Arrays.copyOf(before, before.length + c.frames() * c.channels());
            System.arraycopy(c.samples(), 0, after, before.length, c.frames() * c.channels());
            out.put(c.source().index(), after);
        }
        return out;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    /** The MP3 decoder, counting opens and closes and recording the threads that open files. */
    private static final class CountingDecoder implements AudioDecoder {
        final Mp3Decoder mp3 = new Mp3Decoder();
        final AtomicInteger opened = new AtomicInteger();
        final Set<PcmReader> open = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Codec codec() {
            return Codec.MP3;
        }

        @Override
        public boolean sniff(byte[] head, int length) {
            return mp3.sniff(head, length);
        }

        @Override
        public AudioInfo probe(ByteInput in) {
            return mp3.probe(in);
        }

        @Override
        public PcmReader open(ByteInput in) {
            threads.add(Thread.currentThread().getName());
            opened.incrementAndGet();
            PcmReader reader = mp3.open(in);
            PcmReader tracked = new PcmReader() {
                @Override
                public AudioInfo info() {
                    return reader.info();
                }

                @Override
                public int read(float[] dst, int maxFrames) {
                    return reader.read(dst, maxFrames);
                }

                @Override
                public void close() {
                    open.remove(this);
                    reader.close();
                }
            };
            open.add(tracked);
            return tracked;
        }
    }
}
