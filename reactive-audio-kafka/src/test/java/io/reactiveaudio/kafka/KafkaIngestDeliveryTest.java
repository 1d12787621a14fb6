package io.reactiveaudio.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.live.LiveChunk;
import io.reactiveaudio.live.LiveFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the consumers when processes die, join, and the broker restarts: everything, at least once. */
class KafkaIngestDeliveryTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);
    private static final int RECORD_FRAMES = 320;

    @RegisterExtension
    static final KafkaBroker broker = KafkaBroker.forTests();

    @TempDir
    static Path dir;

    /**
     * Sends rounds of one record of each of {@code streams} streams, one round every {@code pause},
     * in a thread: {@code records} rounds, and more while {@code more} is set; flags {@code halfway}
     * after half of {@code records}. Completes with every send.
     */
    private static CompletableFuture<List<CompletableFuture<?>>> produce(String topic, int streams, int records,
            Duration pause, AtomicBoolean halfway, AtomicBoolean more) {
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), topic, MONO,
                    SampleEncoding.S16LE, java.util.Map.of("delivery.timeout.ms", 120_000))) {
                for (int r = 0; r < records || more.get(); r++) {
                    for (int s = 0; s < streams; s++) {
                        sends.add(producer.send("s" + s, new float[RECORD_FRAMES]));
                    }
                    if (r == records / 2) {
                        halfway.set(true);
                    }
                    Thread.sleep(pause.toMillis());
                }
                producer.flush();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return sends;
        });
    }

    /** The streams of the lines in {@code now} that were not in {@code before}. */
    private static Set<String> streamsOf(Set<String> now, Set<String> before) {
        Set<String> streams = new HashSet<>();
        now.stream().filter(line -> !before.contains(line)).forEach(line -> streams.add(line.split(" ")[0]));
        return streams;
    }

    private static Set<String> lines(Path file) throws IOException {
        return Files.exists(file) ? new HashSet<>(Files.readAllLines(file)) : Set.of();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void twoProcessesSplitEightPartitionsAndTheSurvivorTakesOverWithNothingLost() throws Exception {
        broker.createTopic("group", 8);
        Path a = dir.resolve("member-a.txt");
        Path b = dir.resolve("member-b.txt");
        Process memberA = GroupMember.start(broker.bootstrap(), "group", "trainers", a);
        Process memberB = GroupMember.start(broker.bootstrap(), "group", "trainers", b);
        try {
            int streams = 16;
            AtomicBoolean halfway = new AtomicBoolean();
            AtomicBoolean more = new AtomicBoolean(true);
            var sending = produce("group", streams, 100, Duration.ofMillis(40), halfway, more);
            await("both members receive", () -> {
                try {
                    return !lines(a).isEmpty() && !lines(b).isEmpty();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(60));
            Thread.sleep(2_000);
            Set<String> aBefore = lines(a);
            Set<String> bBefore = lines(b);
            await("half the records sent", halfway::get, Duration.ofSeconds(30));
            Thread.sleep(1_000);
            Set<String> recentA = streamsOf(lines(a), aBefore);
            Set<String> recentB = streamsOf(lines(b), bBefore);
            memberA.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(1_000);
            more.set(false);
            List<CompletableFuture<?>> sends = sending.get(60, TimeUnit.SECONDS);
            for (CompletableFuture<?> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
            int records = sends.size() / streams;

            Set<String> expected = new HashSet<>();
            for (int s = 0; s < streams; s++) {
                for (int r = 0; r < records; r++) {
                    expected.add("s" + s + " " + (long) r * RECORD_FRAMES + " " + RECORD_FRAMES);
                }
            }
            await("the survivor delivers the rest", () -> {
                try {
                    Set<String> all = new HashSet<>(lines(a));
                    all.addAll(lines(b));
                    return all.containsAll(expected);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(60));
            Set<String> fromA = lines(a);
            Set<String> fromB = lines(b);
            Set<String> all = new HashSet<>(fromA);
            all.addAll(fromB);
            assertEquals(expected, all, "every chunk sent, delivered; exactly once after de-duplication");
            assertTrue(!recentA.isEmpty() && !recentB.isEmpty() && recentA.size() < streams && recentB.size() < streams,
                    "the two processes split the partitions: in the last seconds before A was killed, A had "
                            + recentA + " and B " + recentB);
        } finally {
            memberA.destroyForcibly();
            memberB.destroyForcibly();
        }
    }

    @Test
    void aBrokerRestartMidStreamLosesNothing() throws Exception {
        broker.createTopic("restart", 2);
        int streams = 4;
        int records = 200;
        ConcurrentHashMap<String, Set<Long>> delivered = new ConcurrentHashMap<>();
        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "restart", "restart").start()) {
            ingestion.streams().subscribe(stream -> stream.source().flux()
                    .subscribe(chunk -> delivered.computeIfAbsent(stream.id(), id -> ConcurrentHashMap.newKeySet())
                            .add(chunk.position())));
            AtomicBoolean halfway = new AtomicBoolean();
            var sending = produce("restart", streams, records, Duration.ofMillis(20), halfway, new AtomicBoolean());
            await("half the records sent", halfway::get, Duration.ofSeconds(30));
            broker.restart();
            for (CompletableFuture<?> send : sending.get(120, TimeUnit.SECONDS)) {
                send.get(120, TimeUnit.SECONDS);
            }
            await("every record delivered", () -> delivered.values().stream().mapToInt(Set::size).sum()
                    == streams * records, Duration.ofSeconds(60));

            for (int s = 0; s < streams; s++) {
                assertEquals(records, delivered.get("s" + s).size(), "stream s" + s);
            }
            assertEquals(0, ingestion.stats().snapshot().sequenceGaps());
        }
    }

    @Test
    void aConsumerThatStopsRequestingPausesItsPartitionsAndItsMemoryStaysBounded() throws Exception {
        broker.createTopic("stall", 2);
        int streams = 4;
        int seconds = 240;
        int recordFrames = 16_000;
        var stalled = new ConcurrentHashMap<String, reactor.core.publisher.BaseSubscriber<LiveChunk>>();
        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "stall", "stall")
                .sources(format -> io.reactiveaudio.live.PushSource.builder(format).capacity(Duration.ofSeconds(2)))
                .maxPollRecords(8).fetchMaxBytes(256 * 1024)
                .start()) {
            List<KafkaStream> found = new ArrayList<>();
            ingestion.streams().subscribe(stream -> {
                found.add(stream);
                var consumer = new reactor.core.publisher.BaseSubscriber<LiveChunk>() {
                    @Override
                    protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                        subscription.request(1);
                    }
                };
                stalled.put(stream.id(), consumer);
                stream.source().flux().subscribe(consumer);
            });
            long heapBefore = usedHeapAfterGc();
            try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "stall", MONO,
                    SampleEncoding.S16LE)) {
                for (int r = 0; r < seconds; r++) {
                    for (int s = 0; s < streams; s++) {
                        producer.send("s" + s, io.reactiveaudio.test.Signals.noise(r, 16_000, 1, recordFrames, 0.1));
                    }
                }
                producer.flush();
            }
            long sent = (long) streams * seconds * recordFrames;
            long backlog = (long) streams * (seconds - 8);
            await("every partition paused, the backlog waiting in Kafka", () -> ingestion.partitions().size() == 2
                    && ingestion.partitions().stream().allMatch(PartitionLag::paused)
                    && ingestion.partitions().stream().mapToLong(PartitionLag::lag).sum() >= backlog,
                    Duration.ofSeconds(30));
            long heapStalled = usedHeapAfterGc();

            for (KafkaStream stream : found) {
                assertTrue(stream.source().stats().snapshot().maxBufferedFrames() <= 2 * 16_000,
                        "buffer bound of stream " + stream.id());
            }
            long produced = sent * 4;
            assertTrue(heapStalled - heapBefore < produced / 8, "heap grew by " + (heapStalled - heapBefore)
                    + " bytes while " + produced + " bytes of float audio waited in Kafka");

            stalled.values().forEach(consumer -> consumer.request(Long.MAX_VALUE));
            await("everything delivered after the stall", () -> found.stream().mapToLong(
                    stream -> stream.source().stats().snapshot().deliveredFrames()).sum() == sent, Duration.ofSeconds(60));
            assertTrue(ingestion.stats().snapshot().resumes() > 0);
            assertEquals(0, found.stream().mapToLong(stream -> stream.source().stats().snapshot().lostFrames()).sum());
        }
    }

    @Test
    void underDropOldestAStalledConsumerReadsOnAndCountsWhatItSkipped() throws Exception {
        broker.createTopic("skip", 1);
        int records = 30;
        int recordFrames = 16_000;
        List<LiveChunk> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        var consumer = new reactor.core.publisher.BaseSubscriber<LiveChunk>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            protected void hookOnNext(LiveChunk chunk) {
                received.add(chunk);
            }
        };
        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "skip", "skip")
                .sources(format -> io.reactiveaudio.live.PushSource.builder(format).capacity(Duration.ofSeconds(1))
                        .overflow(io.reactiveaudio.live.Overflow.DROP_OLDEST))
                .start()) {
            List<KafkaStream> found = new java.util.concurrent.CopyOnWriteArrayList<>();
            ingestion.streams().subscribe(stream -> {
                found.add(stream);
                stream.source().flux().subscribe(consumer);
            });
            try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "skip", MONO,
                    SampleEncoding.S16LE)) {
                for (int r = 0; r < records; r++) {
                    producer.send("s", new float[recordFrames]);
                }
            }
            await("every record read though nothing is requested", () -> ingestion.stats().snapshot().records()
                    == records, Duration.ofSeconds(30));
            consumer.request(Long.MAX_VALUE);
            await("the buffered second handed out", () -> received.size() == 2, Duration.ofSeconds(10));

            var counts = found.get(0).source().stats().snapshot();
            assertEquals(0, ingestion.stats().snapshot().pauses(), "a drop strategy never pauses");
            assertEquals((records - 2L) * recordFrames, counts.droppedFrames(), "skipped, and counted");
            assertEquals(1, counts.gaps());
            assertEquals((long) (records - 1) * recordFrames, received.get(1).position(),
                    "after the stall, the newest second");
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
