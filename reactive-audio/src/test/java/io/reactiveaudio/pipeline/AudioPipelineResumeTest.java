package io.reactiveaudio.pipeline;

import static io.reactiveaudio.pipeline.BatchSnapshot.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeReport;
import io.reactiveaudio.framing.Framing;
import io.reactiveaudio.framing.RandomCrop;
import io.reactiveaudio.framing.Sliding;
import io.reactiveaudio.framing.WholeClip;
import io.reactiveaudio.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.subscriber.TestSubscriber;

/**
 * A pipeline resumed from the checkpoint of any batch gives exactly the batches that followed it,
 * across epoch boundaries, in every window phase (filling, growing, full, draining).
 */
class AudioPipelineResumeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int F = 500;

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 14, 400, 733);
    }

    @Test
    void resumingAfterAnyBatchGivesTheBatchesThatFollowedItBitForBit() {
        AudioPipeline pipeline = pipeline();
        List<BatchSnapshot> whole = run(pipeline);
        assertTrue(whole.size() > 40, "enough batches to resume in every phase: " + whole.size());

        for (int k = 0; k < whole.size(); k += 3) {
            Checkpoint checkpoint = Checkpoint.fromBytes(whole.get(k).checkpoint().toBytes());
            List<BatchSnapshot> rest = run(pipeline.resumeFrom(checkpoint).decode(Decode.defaults().concurrency(1)));
            assertEquals(whole.subList(k + 1, whole.size()), rest, "resumed after batch " + k);
        }
    }

    @Test
    void otherFramingsResumeExactlyToo() {
        for (Framing framing : List.<Framing>of(RandomCrop.of(F).crops(2), Sliding.of(F, F / 3), WholeClip.of(6_000))) {
            AudioPipeline pipeline = pipeline().framing(framing).epochs(2);
            List<BatchSnapshot> whole = run(pipeline);
            assertTrue(whole.size() > 5, framing + " gives " + whole.size() + " batches");
            for (int k : new int[] {0, whole.size() / 2, whole.size() - 2}) {
                assertEquals(whole.subList(k + 1, whole.size()), run(pipeline.resumeFrom(whole.get(k).checkpoint())),
                        framing + " resumed after batch " + k);
            }
        }
    }

    @Test
    void wholeClipsComeInBatchesPaddedToTheirLongestItemWithLengthsAndMask() {
        List<Batch> kept = new ArrayList<>();
        pipeline().framing(WholeClip.of(6_000)).epochs(1).dropLast(false).flux().doOnNext(batch -> {
            int[] lengths = batch.lengths();
            int longest = Arrays.stream(lengths).max().orElseThrow();
            assertEquals(longest, batch.frames());
            byte[] mask = batch.mask();
            for (int b = 0; b < batch.size(); b++) {
                for (int t = 0; t < batch.frames(); t++) {
                    assertEquals(t < lengths[b] ? 1 : 0, mask[b * batch.frames() + t]);
                }
            }
            kept.add(batch);
            batch.release();
        }).blockLast(TIMEOUT);

        assertEquals(sources.size(), kept.stream().mapToInt(Batch::size).sum(), "one clip per source");
        assertTrue(kept.stream().anyMatch(b -> b.frames() < 6_000), "batches shorter than the longest clip");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void theBatchesDoNotDependOnTheDecodeThreads(int threads) {
        assertEquals(run(pipeline()), run(pipeline().decode(Decode.defaults().concurrency(threads).chunkFrames(777))));
    }

    @Test
    void aLastPartialBatchResumesIntoTheNextEpoch() {
        AudioPipeline pipeline = pipeline().dropLast(false).epochs(2);
        List<BatchSnapshot> whole = run(pipeline);
        int lastOfFirstEpoch = (int) whole.stream().filter(s -> s.checkpoint().epoch() == 0).count() - 1;

        List<BatchSnapshot> rest = run(pipeline.resumeFrom(whole.get(lastOfFirstEpoch - 1).checkpoint()));

        assertEquals(whole.subList(lastOfFirstEpoch, whole.size()), rest);
    }

    @Test
    void aCheckpointFromAnotherConfigurationIsRefused() {
        Checkpoint checkpoint = run(pipeline()).get(2).checkpoint();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipeline().seed(8).resumeFrom(checkpoint).flux().blockFirst(TIMEOUT));
        assertTrue(e.getMessage().contains("other sources or settings"), e.getMessage());
    }

    @Test
    void everyShardDeliversTheSameNumberOfBatchesEachEpochAndResumesWithin() {
        List<Integer> counts = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            List<BatchSnapshot> batches = run(pipeline().shard(rank, 3).epochs(2));
            counts.add(batches.size());
            Checkpoint middle = batches.get(batches.size() / 2).checkpoint();
            assertEquals(batches.subList(batches.size() / 2 + 1, batches.size()),
                    run(pipeline().shard(rank, 3).epochs(2).resumeFrom(middle)), "rank " + rank);
        }
        assertEquals(1, new HashSet<>(counts).size(), "equal counts: " + counts);
        assertTrue(counts.get(0) > 4, counts.toString());
    }

    @Test
    void aSlowConsumerNeverMakesThePipelineDecodeMoreThanItsStatedBoundAhead() throws InterruptedException {
        DecodeReport report = new DecodeReport();
        AudioPipeline pipeline = pipeline().epochs(1).decode(Decode.defaults().report(report).chunkFrames(256));
        MemoryEstimate bound = pipeline.memoryEstimate();
        long segmentBytes = (long) F * bound.channels() * Float.BYTES;
        long heldSegments = (bound.window() + bound.decode() + bound.gather() + bound.pool()) / segmentBytes;

        TestSubscriber<Batch> slow = TestSubscriber.<Batch>builder()
                .initialRequest(1).build();
        pipeline.flux().subscribe(slow);
        long decoded = settledFrames(report);
        slow.getReceivedOnNext().forEach(Batch::release);
        slow.cancel();

        assertEquals(1, slow.getReceivedOnNext().size());
        long framesBound = (heldSegments + 3) * F * 22_050 / 16_000;
        assertTrue(decoded <= framesBound, decoded + " frames decoded for one batch, bound " + framesBound);
        assertTrue(decoded < totalFrames() / 2, "most of the corpus waits: " + decoded);
    }

    /** The report's frame count once it has not moved for 200 ms. */
    private static long settledFrames(DecodeReport report) throws InterruptedException {
        long last = -1;
        while (report.frames() != last) {
            last = report.frames();
            Thread.sleep(200);
        }
        return last;
    }

    private static long totalFrames() {
        long total = 0;
        for (int i = 0; i < 14; i++) {
            total += 400 + 733 * i;
        }
        return total;
    }

    @Test
    void theSixteenBitWindowHalvesItsMemoryAndRoundsToSixteenBitSteps() {
        AudioPipeline floats = pipeline().epochs(1);
        AudioPipeline shorts = floats.windowPrecision(WindowPrecision.INT16);
        assertEquals(floats.memoryEstimate().window() / 2, shorts.memoryEstimate().window());

        List<BatchSnapshot> exact = run(floats);
        List<BatchSnapshot> rounded = run(shorts);
        assertEquals(exact.size(), rounded.size());
        for (int b = 0; b < exact.size(); b++) {
            assertArrayEquals(exact.get(b).sources(), rounded.get(b).sources());
            float[] a = exact.get(b).samples();
            float[] r = rounded.get(b).samples();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], r[i], 0.5 / 32768, "batch " + b + " sample " + i);
                assertEquals(0, r[i] * 32768 % 1, 0, "a 16-bit step");
            }
        }
    }

    @Test
    void aConfigurationOverItsMemoryBudgetIsRefusedWithTheKnobToTurn() {
        AudioPipeline pipeline = pipeline().shuffle(100_000).memoryBudget(64L << 20);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipeline.flux().blockFirst(TIMEOUT));
        assertTrue(e.getMessage().contains("over the budget of 64 MB"), e.getMessage());
        assertTrue(e.getMessage().contains("lower shuffle(n)"), e.getMessage());
        assertEquals(100_000L * F * 2 * 4, pipeline.memoryEstimate().window());
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(F).shuffle(24)
                .initialFill(4).growth(3).lanes(3).batch(3).seed(5).epochs(3);
    }
}
