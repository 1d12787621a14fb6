package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import java.time.Duration;
import java.util.ArrayList;
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
 * trainer keeps receiving, and the server's connection count returns to the trainer alone.
 * 1 000 probes by default, 10 000 in the long run ({@code -Dfaults.long=true}).
 */
class FaultStormTest {

    private static final int MAX_CREDIT = 4;
    private static final int THREADS = 8;
    /** Probes started a second, at most: a steady storm rather than a burst. */
    private static final int PER_SECOND = Integer.getInteger("faults.stormRate", 250);

    @Test
    void everyBadPeerGetsItsDocumentedAnswerWhileATrainerKeepsReceivingAndTheConnectionsReturnToTheTrainer()
            throws Exception {
        int probes = FaultRuns.count(1_000, 10_000);
        BufferPool pool = new BufferPool(8 * 16_384 * Float.BYTES, 4 * MAX_CREDIT);
        AudioServer server = AudioServer.builder()
                .stream("bench", ReadyBatches.of(pool, 8, 16_384))
                .maxCredit(MAX_CREDIT)
                .bindNow();
        int maxHandshake = 262_144;
        Random random = new Random(FaultRuns.seed(4));
        List<StormProbe> storm = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            storm.add(StormProbe.random(random, "bench", maxHandshake, MAX_CREDIT));
        }
        Map<String, AtomicInteger> kinds = new TreeMap<>();
        storm.forEach(p -> kinds.computeIfAbsent(p.kind(), k -> new AtomicInteger()).incrementAndGet());
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        double before;
        double during;
        double seconds;
        try (GoodClients trainer = new GoodClients(server.port(), "bench", 1)) {
            trainer.awaitBatches(100);
            trainer.rate(Duration.ofSeconds(1)); // warm-up
            before = trainer.rate(Duration.ofSeconds(2));
            long batchesBefore = trainer.batches();
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
                            String problem = probe.run(server.port());
                            if (problem != null) {
                                wrong.add("probe " + i + " (" + probe.kind() + "): " + problem);
                            }
                            answers.computeIfAbsent(probe.code(), c -> new AtomicInteger()).incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdown();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            during = (trainer.batches() - batchesBefore) * 8.0 * 16_384 * Float.BYTES / seconds / 1e6;
            Awaits.until(() -> server.connections() == 1, "the connections back to the trainer's alone");
            assertNull(trainer.failure(), "the trainer's stream failed");
        } finally {
            server.dispose();
        }
        FaultRuns.report("storm probes=%d threads=%d paced_per_s=%d seconds=%.1f probes_per_s=%.0f kinds=%s"
                        + " answers=%s wrong=%d trainer_MBps_before=%.0f trainer_MBps_during=%.0f connections_after=1",
                probes, THREADS, PER_SECOND, seconds, probes / seconds, kinds, new TreeMap<>(answers), wrong.size(),
                before, during);
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())),
                wrong.size() + " probes answered wrongly");
        assertTrue(during > 0.5 * before, "the trainer's rate during the storm, " + during + " MB/s, against "
                + before + " MB/s before");
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
