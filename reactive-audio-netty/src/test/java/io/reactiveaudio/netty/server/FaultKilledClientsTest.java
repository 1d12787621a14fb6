package io.reactiveaudio.netty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer killed at a random point of its stream (before WELCOME, in a frame's header, in the
 * middle of a BATCH, between frames; with a TCP reset or a FIN) and resumed from the checkpoint of
 * the last batch it received completely gets, over all its connections, exactly the batches of
 * one uninterrupted connection: the same batches in the same order, by epoch, number, checkpoint
 * and checksum of every tensor; none lost, none repeated (docs/protocol.md §10). The server holds
 * nothing for the killed connections afterwards.
 */
class FaultKilledClientsTest {

    /** Epochs each trainer asks for; the stream has one more. */
    private static final int EPOCHS = 2;

    @TempDir
    static Path corpus;
    private static AudioServer server;

    @BeforeAll
    static void start() throws IOException {
        FaultCorpus.write(corpus);
        server = AudioServer.builder()
                .stream("train", BatchSource.of(FaultCorpus.pipeline(corpus), EPOCHS + 1))
                // a small send buffer, so that a kill finds batches queued, half written and in the kernel
                .sendBuffer(16 * 1024)
                .metricsPort(0)
                .bindNow();
    }

    @AfterAll
    static void stop() {
        server.dispose();
    }

    @Test
    void aTrainerKilledAtRandomPointsAndResumedFromItsLastCheckpointGetsTheBatchesOfAnUninterruptedRun()
            throws IOException {
        int trials = FaultRuns.count(20, 500);
        Random random = new Random(FaultRuns.seed(24));
        Map<ResumingClient.Cut, Integer> cuts = new EnumMap<>(ResumingClient.Cut.class);
        long batches = 0;
        int connections = 0;
        long started = System.nanoTime();
        for (int trial = 0; trial < trials; trial++) {
            long seed = random.nextInt(1_000);
            int world = 1 + random.nextInt(2);
            int rank = random.nextInt(world);
            ResumingClient reference = new ResumingClient(server.port(), "train", rank, world, seed, EPOCHS);
            long frames = reference.uninterrupted();

            ResumingClient killed = new ResumingClient(server.port(), "train", rank, world, seed, EPOCHS);
            int kills = 1 + random.nextInt(3);
            for (int k = 0; k < kills && !killed.done(); k++) {
                long left = frames - killed.consumed().size();
                long afterFrames = random.nextLong(left + 1);
                long thenBytes = switch (random.nextInt(3)) {
                    case 0 -> 0;                          // between two frames
                    case 1 -> 1 + random.nextInt(9);      // in a header, or the first byte after it
                    default -> random.nextInt(65_000);    // anywhere in a batch, or beyond it
                };
                ResumingClient.Cut cut = killed.connect(afterFrames, thenBytes, random.nextBoolean());
                if (cut != null) {
                    cuts.merge(cut, 1, Integer::sum);
                }
            }
            killed.toTheEnd();

            String trialName = "trial " + trial + " (seed " + seed + ", rank " + rank + " of " + world + ")";
            assertEquals(0, lost(reference.consumed(), killed.consumed()), trialName + ": batches lost");
            assertEquals(0, killed.consumed().size() - new HashSet<>(killed.consumed()).size(),
                    trialName + ": batches repeated");
            assertEquals(reference.consumed(), killed.consumed(), trialName);
            batches += killed.consumed().size();
            connections += killed.connections();
        }
        Awaits.until(() -> server.connections() == 0, "every connection closed");
        Awaits.until(() -> ServerScrape.value(server, "reactive_audio_batches_held", "stream=\"train\"") == 0,
                "no batch held for a killed connection");
        int killedTotal = cuts.values().stream().mapToInt(Integer::intValue).sum();
        FaultRuns.report("killed-clients trials=%d kills=%d %s connections=%d batches=%d lost=0 repeated=0"
                + " seconds=%.1f", trials, killedTotal, cuts, connections, batches,
                (System.nanoTime() - started) / 1e9);
    }

    /** How many of {@code expected} (a list without repeats) are missing from {@code received}. */
    private static int lost(List<BatchId> expected, List<BatchId> received) {
        List<BatchId> missing = new ArrayList<>(expected);
        missing.removeAll(new HashSet<>(received));
        return missing.size();
    }
}
