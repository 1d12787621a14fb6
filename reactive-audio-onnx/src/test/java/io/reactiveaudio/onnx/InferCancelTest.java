package io.reactiveaudio.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.test.BlockHoundSetup;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Cancelling a stream while batches are being inferred releases every pooled buffer: the input
 * batches waiting, running and queued, and the output batches made but not delivered. BlockHound
 * is on: nothing blocks on {@code parallel()}, where the consumer runs and cancels.
 */
class InferCancelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ITEMS = 4;
    private static final int MELS = 40;
    private static final int FRAMES = 3_000;

    @BeforeAll
    static void blockHoundIsOn() {
        BlockHoundSetup.install();
        assertTrue(BlockHoundSetup.isInstalled());
    }

    @Test
    void cancellingMidInferenceReleasesEveryInputAndOutputBuffer() throws InterruptedException {
        BufferPool inputs = new BufferPool(ITEMS * MELS * FRAMES * Float.BYTES, 16);
        BufferPool outputs = new BufferPool(ITEMS * 16 * Float.BYTES, 16);
        InferenceReport report = new InferenceReport();
        try (SessionPool sessions = Model.onnx(Fixtures.model("conv-encoder.onnx")).sessions(2).open()) {
            Infer infer = Infer.of(sessions).prefetch(2).pool(outputs).report(report);
            for (int run = 0; run < 20; run++) {
                int taken = run % 4;
                long delivered = batches(inputs).transform(infer).publishOn(Schedulers.parallel(), 1)
                        .take(taken).doOnNext(InferenceBatch::release).count().block(TIMEOUT);

                assertEquals(taken, delivered);
                awaitZero(inputs::inUse, "input buffers in use after a cancel after " + taken);
                awaitZero(outputs::inUse, "output buffers in use after a cancel after " + taken);
            }
        }
        assertTrue(report.batches() > 0, "batches ran: " + report);
    }

    @Test
    void cancellingAStreamThatOpenedItsOwnSessionsReleasesEverythingToo() throws InterruptedException {
        BufferPool inputs = new BufferPool(ITEMS * MELS * FRAMES * Float.BYTES, 16);
        BufferPool outputs = new BufferPool(ITEMS * 16 * Float.BYTES, 16);
        Infer infer = Infer.of(Model.onnx(Fixtures.model("conv-encoder.onnx")).sessions(2)).pool(outputs);

        long delivered = batches(inputs).transform(infer).publishOn(Schedulers.parallel(), 1).take(1)
                .doOnNext(InferenceBatch::release).count().block(TIMEOUT);

        assertEquals(1, delivered);
        awaitZero(inputs::inUse, "input buffers in use");
        awaitZero(outputs::inUse, "output buffers in use");
    }

    /** Endless batches of random log-mel-sized values, made on demand from {@code pool}. */
    private static Flux<Batch> batches(BufferPool pool) {
        SplittableRandom random = new SplittableRandom(5);
        float[] values = new float[ITEMS * MELS * FRAMES];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Flux.<Batch>generate(sink -> sink.next(Fixtures.batch(pool, Layout.BCT, ITEMS, MELS, FRAMES, values)))
                .doOnDiscard(Batch.class, Batch::release);
    }

    /** Waits until the running inferences have ended and {@code count} is 0. */
    private static void awaitZero(IntSupplier count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (count.getAsInt() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, count.getAsInt(), what);
    }
}
