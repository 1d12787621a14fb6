package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A storm of bad peers (random bytes, refused handshakes, forbidden frames after WELCOME, peers
 * that reset at once), from 8 threads at a steady 250 connections a second
 * ({@code -Dfaults.stormRate} changes it), while a trainer reads an endless stream: every
 * probe gets exactly the answer docs/protocol.md states for its bytes ({@link StormProbe}), the
 * trainer keeps receiving, and the server's connection count returns to the trainer alone. The
 * trainer's rate is measured in 1-second windows before, during and after the storm; on a 2-core
 * machine shared with other builds a window varies by a factor of 3 or more without any storm,
 * so the short run only asserts that the best window during the storm reaches a quarter of the
 * best before it (the long run, with 40 windows of storm, half), and reports best and median.
 * 1 000 probes by default, 10 000 in the long run ({@code -Dfaults.long=true}).
 */
class FaultStormTest {

    private static final int MAX_CREDIT = 4;
    private static final int THREADS = 8;
    /** Probes started a second, at most: a steady storm rather than a burst. */
    private static final int PER_SECOND = Integer.getInteger("faults.stormRate", 250);
    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void everyBadPeerGetsItsDocumentedAnswerWhileATrainerKeepsReceivingAndTheConnectionsReturnToTheTrainer()
            throws Exception {
        int probes = FaultRuns.count(1_000, 10_000);
        BufferPool pool = new BufferPool(8 * 16_384 * Float.BYTES, 4 * MAX_CREDIT);
        AudioServer server = AudioServer.builder()
                .stream("bench", ReadyBatches.of(pool, 8, 16_384))
                .maxCredit(MAX_CREDIT)
                .bindNow();
        int maxHandshake = ServerSettings.DEFAULT_MAX_HANDSHAKE_BYTES;
        Random random = new Random(FaultRuns.seed(4));
        List<StormProbe> storm = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            storm.add(StormProbe.random(random, "bench", maxHandshake, MAX_CREDIT));
        }
        Map<String, AtomicInteger> kinds = new TreeMap<>();
        storm.forEach(p -> kinds.computeIfAbsent(p.kind(), k -> new AtomicInteger()).incrementAndGet());
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        long[] millis = new long[probes];
        double[] before = new double[FaultRuns.count(2, 10)];
        List<Double> during = new ArrayList<>();
        double[] after = new double[before.length];
        double seconds;
        try (GoodClients trainer = new GoodClients(server.port(), "bench", 1)) {
            trainer.awaitBatches(100);
            trainer.rate(WINDOW); // warm-up
            for (int w = 0; w < before.length; w++) {
                before[w] = trainer.rate(WINDOW);
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                AtomicInteger next = new AtomicInteger();
                for (int t = 0; t < THREADS; t++) {
                    done.add(threads.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < storm.size()) {
                            pace(start, i);
                            StormProbe probe = storm.get(i);
                            StormProbe.Answer answer = probe.run(server.port());
                            if (answer.problem() != null) {
                                wrong.add("probe " + i + " (" + probe.kind() + "): " + answer.problem());
                            }
                            millis[i] = answer.millis();
                            answers.computeIfAbsent(probe.code(), c -> new AtomicInteger()).incrementAndGet();
                        }
                    }));
                }
                while (next.get() < storm.size()) {
                    during.add(trainer.rate(WINDOW));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdown();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            Awaits.until(() -> server.connections() == 1, "the connections back to the trainer's alone");
            for (int w = 0; w < after.length; w++) {
                after[w] = trainer.rate(WINDOW);
            }
            assertNull(trainer.failure(), "the trainer's stream failed");
        } finally {
            server.dispose();
        }
        double[] stormy = during.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(millis);
        FaultRuns.report("storm probes=%d threads=%d paced_per_s=%d seconds=%.1f probes_per_s=%.0f kinds=%s"
                        + " answers=%s wrong=%d answered_ms_p50/p99/max=%d/%d/%d connections_after=1"
                        + " trainer_MBps best/median of 1 s windows: before=%.0f/%.0f during=%.0f/%.0f (%d windows)"
                        + " after=%.0f/%.0f",
                probes, THREADS, PER_SECOND, seconds, probes / seconds, kinds, new TreeMap<>(answers), wrong.size(),
                millis[probes / 2], millis[probes * 99 / 100], millis[probes - 1],
                GoodClients.best(before), GoodClients.median(before), GoodClients.best(stormy),
                GoodClients.median(stormy), stormy.length, GoodClients.best(after), GoodClients.median(after));
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())),
                wrong.size() + " probes answered wrongly");
        assertTrue(GoodClients.best(stormy) > (FaultRuns.LONG ? 0.5 : 0.25) * GoodClients.best(before),
                "the trainer's rate during the storm, " + during + " MB/s, against " + Arrays.toString(before)
                        + " MB/s before");
    }

    /** Sleeps until probe {@code i}'s turn, {@code i / PER_SECOND} seconds after {@code start}. */
    private static void pace(long start, int i) {
        long due = start + (long) (i * 1e9 / PER_SECOND);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
