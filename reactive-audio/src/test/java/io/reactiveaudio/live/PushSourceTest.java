package io.reactiveaudio.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

class PushSourceTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);

    /** A chunk of {@code frames} mono frames whose samples count up from {@code first}. */
    private static float[] ramp(int first, int frames) {
        float[] samples = new float[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = first + i;
        }
        return samples;
    }

    private static PushSource source(int capacity, Overflow overflow) {
        return PushSource.builder(MONO).capacityFrames(capacity).overflow(overflow).build();
    }

    /** Pushes ten chunks of 100 frames before anyone asks, then takes everything that is left. */
    private static List<LiveChunk> pushTenThenDrain(PushSource source) {
        for (int i = 0; i < 10; i++) {
            source.push(ramp(i * 100, 100));
        }
        source.complete();
        return source.flux().collectList().block(Duration.ofSeconds(5));
    }

    @Test
    void deliversPushedChunksInOrderWithTheirPositions() {
        PushSource source = source(1_000, Overflow.BLOCK);

        StepVerifier.create(source.flux())
                .then(() -> {
                    source.push(ramp(0, 160));
                    source.push(ramp(160, 320));
                    source.complete();
                })
                .assertNext(c -> {
                    assertEquals(0, c.position());
                    assertEquals(160, c.frames());
                })
                .assertNext(c -> {
                    assertEquals(160, c.position());
                    assertEquals(160f, c.samples()[0]);
                })
                .verifyComplete();
        LiveStats.Counts counts = source.stats().snapshot();
        assertEquals(480, counts.receivedFrames());
        assertEquals(480, counts.deliveredFrames());
        assertEquals(0, counts.lostFrames());
    }

    @Test
    void blockMakesTheProducerWaitAndLosesNothing() throws Exception {
        PushSource source = source(300, Overflow.BLOCK);
        List<LiveChunk> received = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        BaseSubscriber<LiveChunk> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                subscribed.countDown();
            }

            @Override
            protected void hookOnNext(LiveChunk chunk) {
                received.add(chunk);
            }
        };
        source.flux().subscribe(consumer);
        assertTrue(subscribed.await(5, TimeUnit.SECONDS));

        AtomicLong pushed = new AtomicLong();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                source.push(ramp(i * 100, 100));
                pushed.incrementAndGet();
            }
            source.complete();
        });
        Thread.sleep(200);
        assertEquals(3, pushed.get(), "three chunks fill the 300-frame buffer, the fourth push waits");
        assertFalse(producer.isDone());

        consumer.request(Long.MAX_VALUE);
        producer.get(5, TimeUnit.SECONDS);

        assertEquals(20, received.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i * 100L, received.get(i).position());
            assertEquals(i * 100f, received.get(i).samples()[0]);
        }
        assertEquals(0, source.stats().snapshot().lostFrames());
        assertTrue(source.stats().snapshot().maxBufferedFrames() <= 300);
    }

    @Test
    void dropOldestKeepsTheNewestChunksWithinTheBoundAndCountsTheRest() {
        PushSource source = source(300, Overflow.DROP_OLDEST);

        List<LiveChunk> kept = pushTenThenDrain(source);

        assertEquals(List.of(700L, 800L, 900L), kept.stream().map(LiveChunk::position).toList());
        LiveStats.Counts counts = source.stats().snapshot();
        assertEquals(7, counts.droppedChunks());
        assertEquals(700, counts.droppedFrames());
        assertEquals(300, counts.maxBufferedFrames());
        assertEquals(counts.receivedFrames(), counts.deliveredFrames() + counts.droppedFrames());
    }

    @Test
    void aHoleLeftByDropOldestIsCountedAsAGapWhenTheChunkAfterItIsHandedOut() {
        PushSource source = source(300, Overflow.DROP_OLDEST);

        StepVerifier.create(source.flux(), 0)
                .then(() -> {
                    for (int i = 0; i < 3; i++) {
                        source.push(ramp(i * 100, 100));
                    }
                })
                .thenRequest(1)
                .assertNext(c -> assertEquals(0, c.position()))
                .then(() -> {
                    for (int i = 3; i < 10; i++) {
                        source.push(ramp(i * 100, 100));
                    }
                })
                .thenRequest(3)
                .expectNextMatches(c -> c.position() == 700)
                .expectNextMatches(c -> c.position() == 800)
                .expectNextMatches(c -> c.position() == 900)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        LiveStats.Counts counts = source.stats().snapshot();
        assertEquals(600, counts.droppedFrames());
        assertEquals(1, counts.gaps(), "frames 100 to 700 were dropped: one hole");
        assertEquals(600, counts.gapFrames());
    }

    @Test
    void anOperatorThatAsksForShorterChunksGetsALongOneInPartsWhoseRestStaysBoundedAndDroppable() {
        PushSource source = source(1_000, Overflow.DROP_OLDEST);
        source.push(ramp(0, 1_000));

        StepVerifier.create(source.flux().contextWrite(new ChunkLimit(300, 0)::writeTo), 0)
                .thenRequest(1)
                .assertNext(c -> {
                    assertEquals(0, c.position());
                    assertArrayEquals(ramp(0, 300), c.samples());
                })
                .then(() -> assertEquals(700, source.stats().snapshot().bufferedFrames(), "the rest waits"))
                .then(() -> source.push(ramp(1_000, 400)))
                .thenRequest(2)
                .assertNext(c -> {
                    assertEquals(1_000, c.position());
                    assertArrayEquals(ramp(1_000, 300), c.samples());
                })
                .assertNext(c -> assertEquals(1_300, c.position()))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        LiveStats.Counts counts = source.stats().snapshot();
        assertEquals(700, counts.droppedFrames(), "the rest of the first chunk made room for the second");
        assertEquals(1, counts.gaps());
        assertEquals(700, counts.gapFrames());
        assertEquals(3, counts.deliveredChunks());
        assertEquals(counts.receivedFrames(), counts.deliveredFrames() + counts.lostFrames() + counts.bufferedFrames());
    }

    @Test
    void secondsOfLimitAreFramesOfTheStream() {
        assertEquals(8_000, new ChunkLimit(0, 0.5).framesAt(MONO));
        assertEquals(160, new ChunkLimit(160, 0.5).framesAt(MONO));
    }

    @Test
    void dropNewestKeepsTheOldestChunks() {
        PushSource source = source(300, Overflow.DROP_NEWEST);

        List<LiveChunk> kept = pushTenThenDrain(source);

        assertEquals(List.of(0L, 100L, 200L), kept.stream().map(LiveChunk::position).toList());
        assertEquals(700, source.stats().snapshot().droppedFrames());
    }

    @Test
    void latestKeepsOnlyTheNewestChunk() {
        PushSource source = source(300, Overflow.LATEST);

        List<LiveChunk> kept = pushTenThenDrain(source);

        assertEquals(List.of(900L), kept.stream().map(LiveChunk::position).toList());
        assertEquals(9, source.stats().snapshot().droppedChunks());
    }

    @Test
    void errorFailsTheStreamAndThePush() {
        PushSource source = source(300, Overflow.ERROR);
        source.push(ramp(0, 300));

        LiveOverflowException thrown = assertThrows(LiveOverflowException.class, () -> source.push(ramp(300, 1)));
        assertEquals(300, thrown.position());
        StepVerifier.create(source.flux()).verifyError(LiveOverflowException.class);
        assertThrows(IllegalStateException.class, () -> source.push(ramp(301, 1)));
    }

    @Test
    void chunksOlderThanTheLatencyBoundAreDroppedAsLate() {
        AtomicLong now = new AtomicLong();
        PushSource source = PushSource.builder(MONO).capacityFrames(10_000).maxLatency(Duration.ofMillis(50))
                .clock(now::get).build();
        source.push(ramp(0, 100));
        now.addAndGet(Duration.ofMillis(40).toNanos());
        source.push(ramp(100, 100));
        now.addAndGet(Duration.ofMillis(20).toNanos());
        source.push(ramp(200, 100));
        source.complete();

        List<LiveChunk> delivered = source.flux().collectList().block(Duration.ofSeconds(5));

        assertEquals(List.of(100L, 200L), delivered.stream().map(LiveChunk::position).toList(),
                "the first chunk waited 60 ms, over the 50 ms bound");
        assertEquals(1, source.stats().snapshot().lateChunks());
        assertEquals(100, source.stats().snapshot().lateFrames());
    }

    @Test
    void explicitPositionsRevealGapsAndDropChunksThatGoBack() {
        PushSource source = source(10_000, Overflow.BLOCK);
        source.push(0, ramp(0, 100));
        source.push(250, ramp(250, 100));
        source.push(300, ramp(300, 10));
        source.push(350, ramp(350, 10));
        source.complete();

        List<LiveChunk> delivered = source.flux().collectList().block(Duration.ofSeconds(5));

        assertEquals(List.of(0L, 250L, 350L), delivered.stream().map(LiveChunk::position).toList());
        LiveStats.Counts counts = source.stats().snapshot();
        assertEquals(1, counts.gaps());
        assertEquals(150, counts.gapFrames());
        assertEquals(1, counts.outOfOrderChunks());
        assertEquals(10, counts.outOfOrderFrames());
        assertEquals(counts.receivedFrames(), counts.deliveredFrames() + counts.lostFrames() + counts.bufferedFrames(),
                "every frame received is delivered, lost or waiting: " + counts);
    }

    @Test
    void tryPushRefusesWhenFullAndWhenRoomSignalsSpace() {
        PushSource source = source(200, Overflow.BLOCK);
        List<LiveChunk> received = new ArrayList<>();
        BaseSubscriber<LiveChunk> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
            }

            @Override
            protected void hookOnNext(LiveChunk chunk) {
                received.add(chunk);
            }
        };
        source.flux().subscribe(consumer);

        assertTrue(source.tryPush(ramp(0, 100)));
        assertTrue(source.tryPush(ramp(100, 100)));
        assertFalse(source.tryPush(ramp(200, 100)));
        AtomicLong signalled = new AtomicLong();
        source.whenRoom(100, signalled::incrementAndGet);
        assertEquals(0, signalled.get());

        consumer.request(1);

        assertEquals(1, signalled.get());
        assertTrue(source.tryPush(ramp(200, 100)));
        consumer.request(2);
        assertEquals(List.of(0L, 100L, 200L), received.stream().map(LiveChunk::position).toList());
        assertEquals(300, source.stats().snapshot().receivedFrames(), "a refused tryPush is not counted");
    }

    @Test
    void tryPushAtAPositionLeavesAGapOnAJumpAndDropsWhatGoesBack() {
        PushSource source = source(300, Overflow.BLOCK);

        assertTrue(source.tryPush(0, ramp(0, 100)));
        assertTrue(source.tryPush(150, ramp(150, 100)));
        assertTrue(source.tryPush(200, ramp(200, 50)), "a chunk going back is taken, and dropped");
        assertFalse(source.tryPush(250, ramp(250, 101)), "full: 200 frames wait, 101 more do not fit");

        StepVerifier.create(source.flux())
                .assertNext(chunk -> assertEquals(0, chunk.position()))
                .assertNext(chunk -> assertEquals(150, chunk.position()))
                .then(source::complete)
                .verifyComplete();
        LiveStats.Counts counts = source.stats().snapshot();
        assertEquals(250, counts.receivedFrames(), "the refused push is not counted");
        assertEquals(50, counts.outOfOrderFrames());
        assertEquals(1, counts.gaps());
        assertEquals(50, counts.gapFrames());
    }

    @Test
    void cancellingReleasesABlockedProducer() throws Exception {
        PushSource source = source(100, Overflow.BLOCK);
        BaseSubscriber<LiveChunk> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
            }
        };
        source.flux().subscribe(consumer);
        source.push(ramp(0, 100));
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> source.push(ramp(100, 100)));
        Thread.sleep(100);
        assertFalse(producer.isDone());

        consumer.cancel();

        Exception e = assertThrows(Exception.class, () -> producer.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
    }

    @Test
    void bytesTheProducerCouldNotMakeFramesOfAreCounted() {
        PushSource source = source(100, Overflow.BLOCK);

        source.ignore(3);
        source.ignore(1);

        assertEquals(4, source.stats().snapshot().ignoredBytes());
        assertEquals("bytes must not be negative: -1",
                assertThrows(IllegalArgumentException.class, () -> source.ignore(-1)).getMessage());
    }

    @Test
    void oneSubscriberOnly() {
        PushSource source = source(100, Overflow.BLOCK);
        source.flux().subscribe();

        StepVerifier.create(source.flux()).verifyError(IllegalStateException.class);
    }

    @Test
    void rejectsChunksThatCannotFitOrSplitFrames() {
        PushSource stereo = PushSource.builder(new LiveFormat(48_000, 2)).capacityFrames(100).build();

        assertThrows(IllegalArgumentException.class, () -> stereo.push(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> stereo.push(new float[202]));
        assertThrows(IllegalArgumentException.class, () -> stereo.push(new float[0]));
    }

    @Test
    void aBuilderIsNeverChangedByItsSettersSoOneServesAsTheBaseOfMany() {
        PushSource.Builder base = PushSource.builder(MONO);
        PushSource.Builder small = base.capacityFrames(100).overflow(Overflow.DROP_OLDEST);

        base.capacity(Duration.ofSeconds(5)).overflow(Overflow.ERROR).maxLatency(Duration.ZERO);

        PushSource defaults = base.build();
        assertEquals(32_000, defaults.capacityFrames());
        assertEquals(Overflow.BLOCK, defaults.overflow());
        assertEquals(100, small.build().capacityFrames());
        assertEquals(Overflow.DROP_OLDEST, small.build().overflow());
        assertEquals(8_000, base.capacity(Duration.ofMillis(500)).build().capacityFrames());
    }

    @Test
    void invalidSettingsAreRefusedNamingTheirValue() {
        PushSource.Builder builder = PushSource.builder(MONO);

        assertEquals("capacityFrames must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> builder.capacityFrames(0)).getMessage());
        assertEquals("maxLatency must not be negative: PT-0.001S",
                assertThrows(IllegalArgumentException.class, () -> builder.maxLatency(Duration.ofMillis(-1)))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.capacity(Duration.ofNanos(10)))
                .getMessage().endsWith("PT0.00000001S spans 0"));
    }

    @Test
    void countsOfSeveralSourcesAddUpAndKeepTheLargestBuffer() {
        PushSource a = source(300, Overflow.DROP_NEWEST);
        PushSource b = source(1_000, Overflow.BLOCK);
        pushTenThenDrain(a);
        b.push(ramp(0, 500));

        LiveStats.Counts total = a.stats().snapshot().plus(b.stats().snapshot()).plus(LiveStats.Counts.ZERO);

        assertEquals(1_500, total.receivedFrames());
        assertEquals(700, total.droppedFrames());
        assertEquals(300, total.deliveredFrames());
        assertEquals(500, total.bufferedFrames());
        assertEquals(500, total.maxBufferedFrames());
    }

    @Test
    void mixesChunksDownToMono() {
        LiveChunk stereo = new LiveChunk(new float[] {1, 3, -2, 0}, 2, 0, 0, new LiveFormat(8_000, 2));

        assertArrayEquals(new float[] {2, -1}, stereo.mono());
    }
}
