package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.ErrorPolicy;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stress reproduction of a rare stall, skipped unless {@code -Dstress.runs=N} is given: the same
 * small epoch (8 WAVs of mixed rates, conformed to 16 kHz stereo, 800-frame segments, window 10,
 * batches of 3, 2 lanes) run N times, each with an 8 s limit; a run that stalls prints every
 * thread and fails. The stall (every pipeline thread idle, the consumer waiting for a batch) shows
 * within the first 40 epochs of about one fresh JVM in five, seldom in a warm one, so run it in a
 * loop of fresh JVMs:
 * {@code for i in $(seq 20); do mvn -o -q surefire:test -pl reactive-audio -Dtest=PipelineStallStressTest -Dstress.runs=40; done}.
 */
class PipelineStallStressTest {

    @TempDir
    Path dir;

    @Test
    void everyEpochOfASmallCorpusEnds() throws IOException, InterruptedException, ExecutionException {
        Integer runs = Integer.getInteger("stress.runs");
        Assumptions.assumeTrue(runs != null, "a stress run: -Dstress.runs=N");
        SourceSet corpus = TestCorpus.write(Files.createDirectories(dir.resolve("corpus")), 8, 2000, 1500);
        int batches = -1;
        for (int i = 0; i < runs; i++) {
            AudioPipeline pipeline = AudioPipeline.from(corpus).decode(Decode.defaults().errorPolicy(ErrorPolicy.FAIL))
                    .conform(16_000, ChannelPolicy.stereo()).frames(800).shuffle(10).batch(3).lanes(2).seed(5)
                    .epochs(1).dropLast(false);
            CompletableFuture<Integer> epoch = CompletableFuture.supplyAsync(() -> count(pipeline));
            try {
                int n = epoch.get(8, TimeUnit.SECONDS);
                if (batches >= 0) {
                    assertEquals(batches, n, "batches of run " + i);
                }
                batches = n;
            } catch (TimeoutException e) {
                for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                    System.err.print(thread);
                }
                fail("epoch " + i + " stalled: no batch for 8 s");
            }
        }
    }

    private static int count(AudioPipeline pipeline) {
        int n = 0;
        Iterator<Batch> it = pipeline.flux().toIterable(1).iterator();
        while (it.hasNext()) {
            try (Batch batch = it.next()) {
                n++;
            }
        }
        return n;
    }
}
