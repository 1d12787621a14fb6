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

    /** A condition that may throw, for {@link #await}. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
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

    /** Stream ids, one read from each of {@code partitions} partitions (Kafka's default partitioner: murmur2 of the key). */
    private static List<String> onePerPartition(int partitions) {
        String[] ids = new String[partitions];
        int found = 0;
        for (int i = 0; found < partitions; i++) {
            String id = "s" + i;
            int p = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    id.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
            if (ids[p] == null) {
                ids[p] = id;
                found++;
            }
        }
        return List.of(ids);
    }

    /** Sends {@code records} chunks of {@code frames} frames of each stream and waits for the broker. */
    private static void produceAll(String topic, List<String> ids, int records, int frames) {
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), topic, MONO,
                SampleEncoding.S16LE)) {
            for (int r = 0; r < records; r++) {
                for (String id : ids) {
                    producer.send(id, new float[frames]);
                }
            }
            producer.flush();
        }
    }

    /** The group's committed offset of each partition of {@code topic}, by partition. */
    private static java.util.Map<Integer, Long> committed(String group, String topic) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers",
                broker.bootstrap()))) {
            java.util.Map<Integer, Long> offsets = new java.util.TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, offset) -> {
                        if (tp.topic().equals(topic)) {
                            offsets.put(tp.partition(), offset.offset());
                        }
                    });
            return offsets;
        }
    }

    private static int members(String group) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers",
                broker.bootstrap()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .members().size();
        }
    }

    /** A subscriber of (stream, chunk) pairs that takes {@code wanted} and acknowledges each one it got. */
    private static final class Taker extends reactor.core.publisher.BaseSubscriber<java.util.Map.Entry<KafkaStream, LiveChunk>> {

        final ConcurrentHashMap<String, List<Long>> positions = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        private final long wanted;

        Taker(long wanted) {
            this.wanted = wanted;
        }

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            subscription.request(wanted);
        }

        @Override
        protected void hookOnNext(java.util.Map.Entry<KafkaStream, LiveChunk> next) {
            positions.computeIfAbsent(next.getKey().id(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(next.getValue().position());
            next.getKey().acknowledge(next.getValue().end());
            taken.incrementAndGet();
        }
    }

    /** Every stream's chunks as (stream, chunk) pairs, each stream's source asked for one chunk at a time. */
    private static reactor.core.publisher.Flux<java.util.Map.Entry<KafkaStream, LiveChunk>> chunks(KafkaIngestion ingestion) {
        return ingestion.streams().flatMap(stream -> stream.source().flux().map(chunk -> java.util.Map.entry(stream, chunk)),
                16, 1);
    }

    private static boolean allPaused(KafkaIngestion ingestion, int partitions) {
        return ingestion.partitions().size() == partitions && ingestion.partitions().stream().allMatch(PartitionLag::paused);
    }

    @Test
    void aSubscriberThatCancelsWhilePartitionsArePausedEndsTheConsumerAndTheNextOneGetsEveryUndeliveredChunk()
            throws Exception {
        broker.createTopic("cancel", 2);
        List<String> ids = onePerPartition(2);
        int records = 40;
        int frames = 1_600;
        produceAll("cancel", ids, records, frames);
        KafkaIngest settings = KafkaIngest.of(broker.bootstrap(), "cancel", "cancel")
                .sources(format -> io.reactiveaudio.live.PushSource.builder(format).capacity(Duration.ofMillis(500)))
                .maxPollRecords(10);

        KafkaIngestion first = settings.commitOn(CommitPoint.ACKNOWLEDGED).start();
        Taker taker = new Taker(6);
        chunks(first).subscribe(taker);
        await("six chunks delivered, then both partitions paused", () -> taker.taken.get() == 6 && allPaused(first, 2),
                Duration.ofSeconds(30));
        assertTrue(first.stats().snapshot().pauses() >= 2);
        taker.dispose();
        await("the consumer thread ends", first::isDisposed, Duration.ofSeconds(30));
        assertEquals(0, members("cancel"), "the consumer was closed and left its group");

        java.util.Map<Integer, Long> expectedCommits = new java.util.TreeMap<>();
        for (int p = 0; p < 2; p++) {
            List<Long> delivered = taker.positions.getOrDefault(ids.get(p), List.of());
            for (int i = 0; i < delivered.size(); i++) {
                assertEquals((long) i * frames, delivered.get(i), ids.get(p) + " in order");
            }
            expectedCommits.put(p, (long) delivered.size());
        }
        assertEquals(expectedCommits, committed("cancel", "cancel"),
                "each partition committed exactly up to its stream's delivered chunks");

        ConcurrentHashMap<String, List<Long>> second = new ConcurrentHashMap<>();
        try (KafkaIngestion next = settings.start()) {
            next.streams().subscribe(stream -> stream.source().flux().subscribe(chunk -> second
                    .computeIfAbsent(stream.id(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(chunk.position())));
            int undelivered = 2 * records - taker.taken.get();
            await("the next consumer gets the undelivered chunks", () -> second.values().stream().mapToInt(List::size)
                    .sum() >= undelivered, Duration.ofSeconds(30));
            Thread.sleep(500);
            for (String id : ids) {
                int firstTook = taker.positions.getOrDefault(id, List.of()).size();
                List<Long> expected = new ArrayList<>();
                for (int r = firstTook; r < records; r++) {
                    expected.add((long) r * frames);
                }
                assertEquals(expected, second.get(id), id + ": from the first undelivered chunk on, each once");
            }
            assertEquals(0, next.stats().snapshot().duplicates());
        }
    }

    @Test
    void aSubscriberThatRequestsAgainResumesThePausedPartitionsAndGetsEveryChunkOnce() throws Exception {
        broker.createTopic("resume", 2);
        List<String> ids = onePerPartition(2);
        int records = 40;
        int frames = 1_600;
        produceAll("resume", ids, records, frames);
        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "resume", "resume")
                .sources(format -> io.reactiveaudio.live.PushSource.builder(format).capacity(Duration.ofMillis(500)))
                .maxPollRecords(10).commitOn(CommitPoint.ACKNOWLEDGED).start()) {
            Taker taker = new Taker(6);
            chunks(ingestion).subscribe(taker);
            await("six chunks delivered, then both partitions paused", () -> taker.taken.get() == 6
                    && allPaused(ingestion, 2), Duration.ofSeconds(30));

            taker.request(Long.MAX_VALUE);
            await("every chunk delivered", () -> taker.taken.get() >= 2 * records, Duration.ofSeconds(30));
            await("every partition resumed and committed to its end", () -> ingestion.partitions().stream()
                    .noneMatch(PartitionLag::paused) && committed("resume", "resume").values().stream()
                    .allMatch(offset -> offset == records), Duration.ofSeconds(30));
            for (String id : ids) {
                List<Long> expected = new ArrayList<>();
                for (int r = 0; r < records; r++) {
                    expected.add((long) r * frames);
                }
                assertEquals(expected, taker.positions.get(id), id + ": every chunk once, in order");
            }
            var counts = ingestion.stats().snapshot();
            assertTrue(counts.resumes() >= 2 && counts.resumes() <= counts.pauses(), counts.toString());
            assertEquals(2L * records, counts.records(), "each record read once: paused, not re-fetched");
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
