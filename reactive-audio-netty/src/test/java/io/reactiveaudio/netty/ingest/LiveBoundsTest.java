package io.reactiveaudio.netty.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.LiveWindow;
import io.reactiveaudio.live.LiveWindows;
import io.reactiveaudio.live.Overflow;
import io.reactiveaudio.live.PushSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * The live bounds over real sockets: with {@code DROP_OLDEST}, whatever the senders' write size, a
 * stream holds at most its capacity plus one write before its windows are cut, drops the rest and
 * counts it per stream, and a consumer that resumes after a stall gets fresh windows.
 */
class LiveBoundsTest {

    private static final int RATE = 16_000;
    private static final LiveFormat MONO = LiveFormat.mono(RATE);
    private static final int CAPACITY = 2 * RATE;
    private static final int WRITE = RATE;
    private static final int WINDOW = RATE;
    private static final int HOP = RATE / 2;
    private static final int WRITES = 12;

    /** One second of s16le audio: sample i of block k is (k * RATE + i) mod 2^15, a ramp across blocks. */
    private static byte[] block(int k) {
        byte[] bytes = new byte[WRITE * 2];
        for (int i = 0; i < WRITE; i++) {
            short s = (short) ((k * WRITE + i) % 32_768);
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        return bytes;
    }

    /** A stream's windows, asked for one at a time, and the end of the last chunk its windowing took. */
    private static final class Trainer extends BaseSubscriber<LiveWindow> {

        final List<LiveWindow> windows = new CopyOnWriteArrayList<>();
        volatile long takenEnd;
        volatile boolean completed;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(LiveWindow window) {
            windows.add(window);
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }

        long lastWindowEnd() {
            LiveWindow last = windows.get(windows.size() - 1);
            return last.position() + last.frames();
        }
    }

    @Test
    void dropOldestHoldsAtMostTheCapacityPlusOneWriteCountsTheDropsPerStreamAndResumesFresh() throws Exception {
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, MONO, PcmEncoding.S16LE)
                .sources(f -> PushSource.builder(f).capacity(Duration.ofSeconds(2)).overflow(Overflow.DROP_OLDEST))
                .bind();
                Socket first = new Socket("127.0.0.1", server.port());
                Socket second = new Socket("127.0.0.1", server.port())) {
            List<PushSource> sources = server.streams().take(2).map(IngestStream::source).collectList()
                    .block(Duration.ofSeconds(10));
            List<Trainer> trainers = new ArrayList<>();
            for (PushSource source : sources) {
                Trainer trainer = new Trainer();
                source.flux().doOnNext(chunk -> trainer.takenEnd = chunk.end())
                        .transform(LiveWindows.frames(WINDOW, HOP)).subscribe(trainer);
                trainers.add(trainer);
            }
            List<OutputStream> senders = List.of(first.getOutputStream(), second.getOutputStream());

            for (int k = 0; k < 2; k++) {
                write(senders, k);
            }
            await(() -> trainers.stream().allMatch(t -> t.windows.size() == 1), "each trainer's first window");
            for (int k = 2; k < WRITES; k++) {
                write(senders, k);
                Thread.sleep(20);
            }
            await(() -> sources.stream().allMatch(s -> s.stats().snapshot().receivedFrames() == (long) WRITES * WRITE),
                    "every write received while the trainers stall");

            long[] dropped = new long[2];
            for (int s = 0; s < 2; s++) {
                LiveStats.Counts counts = sources.get(s).stats().snapshot();
                Trainer trainer = trainers.get(s);
                long held = counts.bufferedFrames() + Math.max(0, trainer.takenEnd - trainer.lastWindowEnd());
                assertTrue(held <= CAPACITY + WRITE, "stream " + s + " holds " + held + " frames: " + counts);
                assertTrue(counts.maxBufferedFrames() <= CAPACITY, "stream " + s + ": " + counts);
                assertTrue(counts.droppedFrames() >= (long) WRITES * WRITE - WINDOW - CAPACITY - WRITE,
                        "stream " + s + " dropped the excess: " + counts);
                assertEquals(counts.receivedFrames(), counts.deliveredFrames() + counts.lostFrames()
                        + counts.bufferedFrames(), "every frame of stream " + s + " accounted for: " + counts);
                dropped[s] = counts.droppedFrames();
            }

            trainers.forEach(t -> t.request(1));
            await(() -> trainers.stream().allMatch(t -> t.windows.size() == 2), "each trainer's window after the stall");
            for (int s = 0; s < 2; s++) {
                LiveWindow fresh = trainers.get(s).windows.get(1);
                long behind = (long) WRITES * WRITE - fresh.position();
                assertTrue(behind <= CAPACITY + WINDOW, "stream " + s + ": the first window after the stall starts "
                        + behind + " frames behind the newest frame received");
                LiveStats.Counts counts = sources.get(s).stats().snapshot();
                assertEquals(1, counts.gaps(), "the frames dropped while stalled left one hole in stream " + s);
                assertEquals(dropped[s], counts.gapFrames(), "stream " + s + ": " + counts);
                assertTrue(fresh.afterGap(), "the window after the hole says so");
                assertEquals(dropped[s], fresh.gapFrames(), "stream " + s + ": the hole is the frames dropped");
            }

            trainers.forEach(t -> t.request(Long.MAX_VALUE));
            first.close();
            second.close();
            await(() -> trainers.stream().allMatch(t -> t.completed), "the end of both streams");
            for (int s = 0; s < 2; s++) {
                List<LiveWindow> windows = trainers.get(s).windows;
                for (int w = 2; w < windows.size(); w++) {
                    assertEquals(windows.get(w - 1).position() + HOP, windows.get(w).position(),
                            "stream " + s + " runs on without a hole after the stall");
                    assertEquals(0, windows.get(w).gapFrames());
                }
                assertEquals((long) WRITES * WRITE, trainers.get(s).lastWindowEnd(), "stream " + s);
                LiveStats.Counts counts = sources.get(s).stats().snapshot();
                assertEquals(dropped[s], counts.droppedFrames(), "nothing dropped once the trainer asks again");
                assertEquals(counts.receivedFrames(), counts.deliveredFrames() + counts.droppedFrames());
                assertEquals(0, counts.bufferedFrames());
            }
        }
    }

    private static void write(List<OutputStream> senders, int k) {
        byte[] bytes = block(k);
        for (OutputStream out : senders) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
