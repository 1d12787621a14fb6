package io.reactiveaudio.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Layout;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class LiveBatcherTest {

    private static final LiveFormat FORMAT = new LiveFormat(16_000, 2);

    /** Window {@code k} of stream 7: 100 frames at position {@code 50 k}, every sample distinct, arrived at {@code k} ms. */
    private static LiveWindow window(int k) {
        float[] samples = new float[100 * FORMAT.channels()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = k * 1_000 + i;
        }
        return new LiveWindow(samples, 100, 50L * k, k * 1_000_000L, FORMAT, 0, 0).inStream(7);
    }

    /** The batch's items as arrays of interleaved samples (BTC), then releases it. */
    private static List<float[]> items(Batch batch) {
        try (batch) {
            FloatBuffer audio = batch.audio();
            List<float[]> items = new ArrayList<>();
            int itemSamples = batch.frames() * batch.channels();
            for (int b = 0; b < batch.size(); b++) {
                float[] item = new float[itemSamples];
                audio.get(b * itemSamples, item);
                items.add(item);
            }
            return items;
        }
    }

    @Test
    void fullBatchesHoldTheWindowsInOrderWithTheirStreamPositionAndArrivalTime() {
        List<Batch> batches = Flux.range(0, 10).map(LiveBatcherTest::window)
                .transform(LiveBatcher.of(4).maxDelay(Duration.ofHours(1)))
                .collectList().block();

        assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
        int k = 0;
        for (Batch batch : batches) {
            assertArrayEquals(new int[]{batch.size(), 100, 2}, batch.shape());
            assertTrue(Arrays.stream(batch.sourceIndices()).allMatch(index -> index == 7));
            long[] ordinals = batch.ordinals();
            long[] arrivals = batch.arrivalNanos().orElseThrow();
            for (float[] item : items(batch)) {
                assertEquals(50L * k, ordinals[k % 4]);
                assertEquals(k * 1_000_000L, arrivals[k % 4]);
                assertArrayEquals(window(k).samples(), item);
                k++;
            }
        }
        assertEquals(10, k);
    }

    @Test
    void aPartialBatchLeavesOnceTheMaxDelayHasPassedSinceItsFirstWindowAndAFullOneAtOnce()
            throws InterruptedException {
        Sinks.Many<LiveWindow> live = Sinks.many().unicast().onBackpressureBuffer();
        BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
        Disposable consumer = live.asFlux().transform(LiveBatcher.of(4).maxDelay(Duration.ofMillis(200)))
                .subscribe(batch -> {
                    sizes.add(batch.size());
                    batch.release();
                });
        try {
            long first = System.nanoTime();
            live.tryEmitNext(window(0));
            live.tryEmitNext(window(1));
            live.tryEmitNext(window(2));
            assertEquals(3, poll(sizes));
            assertTrue(System.nanoTime() - first >= 200_000_000L, "left before the max delay");

            for (int k = 3; k < 7; k++) {
                live.tryEmitNext(window(k));
            }
            assertEquals(4, poll(sizes), "a full batch leaves as soon as its last window is there");
        } finally {
            consumer.dispose();
        }
    }

    private static int poll(BlockingQueue<Integer> sizes) {
        try {
            Integer size = sizes.poll(10, TimeUnit.SECONDS);
            assertNotNull(size, "no batch within 10 s");
            return size;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void windowsAreTakenOnlyForTheBatchesAskedFor() {
        AtomicLong made = new AtomicLong();
        Flux<LiveWindow> endless = Flux.<LiveWindow, Integer>generate(() -> 0, (k, sink) -> {
            made.incrementAndGet();
            sink.next(window(k));
            return k + 1;
        });

        StepVerifier.create(endless.transform(LiveBatcher.of(4)), 1)
                .assertNext(batch -> {
                    assertEquals(4, batch.size());
                    batch.release();
                })
                .thenAwait(Duration.ofMillis(300))
                .then(() -> assertEquals(4, made.get(), "windows taken for one batch of 4"))
                .thenRequest(1)
                .assertNext(batch -> {
                    assertEquals(4L * 50, batch.ordinals()[0], "the next batch starts with the next window");
                    batch.release();
                })
                .then(() -> assertEquals(8, made.get()))
                .thenCancel()
                .verify();
    }

    @Test
    void aPartialBatchThatLeftOnItsDelayLeavesNoWindowBehindForTheNextRequest() {
        Sinks.Many<LiveWindow> live = Sinks.many().unicast().onBackpressureBuffer();
        AtomicLong taken = new AtomicLong();

        StepVerifier.withVirtualTime(() -> live.asFlux().doOnNext(w -> taken.incrementAndGet())
                        .transform(LiveBatcher.of(4).maxDelay(Duration.ofMillis(100))), 0)
                .thenRequest(1)
                .then(() -> {
                    live.tryEmitNext(window(0));
                    live.tryEmitNext(window(1));
                })
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(batch -> {
                    assertEquals(2, batch.size(), "left with two windows after 100 ms");
                    batch.release();
                })
                .then(() -> {
                    for (int k = 2; k < 10; k++) {
                        live.tryEmitNext(window(k));
                    }
                })
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> assertEquals(3, taken.get(), "with no batch asked for, only the window asked for "
                        + "before the partial batch left is taken"))
                .thenRequest(1)
                .assertNext(batch -> {
                    assertEquals(1, batch.size(), "that window waited longer than the delay: it leaves at once");
                    assertEquals(2L * 50, batch.ordinals()[0]);
                    batch.release();
                })
                .thenRequest(1)
                .assertNext(batch -> {
                    assertEquals(4, batch.size());
                    assertEquals(3L * 50, batch.ordinals()[0]);
                    batch.release();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theLastWindowsLeaveInABatchWhenTheStreamEndsOrFails() {
        StepVerifier.create(Flux.range(0, 6).map(LiveBatcherTest::window)
                        .transform(LiveBatcher.of(4).maxDelay(Duration.ofHours(1))))
                .assertNext(batch -> assertEquals(4, batch.size()))
                .assertNext(batch -> assertEquals(2, batch.size()))
                .verifyComplete();
        StepVerifier.create(Flux.range(0, 2).map(LiveBatcherTest::window)
                        .concatWith(Flux.error(new IllegalStateException("sender gone")))
                        .transform(LiveBatcher.of(4).maxDelay(Duration.ofHours(1))))
                .assertNext(batch -> assertEquals(2, batch.size(), "the windows taken before the error"))
                .verifyErrorMessage("sender gone");
    }

    @Test
    void theLayoutAppliesToLiveBatches() {
        Batch batch = Flux.range(0, 2).map(LiveBatcherTest::window)
                .transform(LiveBatcher.of(2).layout(Layout.BCT)).blockFirst();
        try (batch) {
            assertArrayEquals(new int[]{2, 2, 100}, batch.shape());
            assertEquals(window(0).samples()[2], batch.audio().get(1), "frame 1 of channel 0");
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> LiveBatcher.of(0));
        assertThrows(IllegalArgumentException.class, () -> LiveBatcher.of(4).maxDelay(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> LiveBatcher.of(4).poolSize(0));
    }
}
