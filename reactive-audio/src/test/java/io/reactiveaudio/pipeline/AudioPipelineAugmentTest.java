package io.reactiveaudio.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.Augment;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Compose;
import io.reactiveaudio.augment.background.AddBackgroundNoise;
import io.reactiveaudio.augment.filter.CutoffFilter;
import io.reactiveaudio.augment.time.SpeedPerturb;
import io.reactiveaudio.augment.wave.AddGaussianSnr;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.augment.wave.PolarityInversion;
import io.reactiveaudio.augment.wave.Shift;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.framing.WholeClip;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The augmentation stage of the pipeline: draws keyed by item, never by threads; what was applied
 * travels with each batch and redoes the change; resumes redo the same draws; lengths fit the framing.
 */
class AudioPipelineAugmentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int F = 500;
    private static final Augmentation CHAIN = Compose.of(Gain.db(-6, 6), AddGaussianSnr.db(10, 40).p(0.5),
            PolarityInversion.create().p(0.5), Shift.fraction(-0.5, 0.5), CutoffFilter.lowPass(2_000, 6_000).p(0.5));

    @TempDir
    static Path corpus;
    static SourceSet sources;

    @BeforeAll
    static void writeCorpus() throws IOException {
        sources = TestCorpus.write(corpus, 10, 400, 733);
    }

    private static AudioPipeline pipeline() {
        return AudioPipeline.from(sources).conform(16_000, ChannelPolicy.stereo()).frames(F).shuffle(16)
                .initialFill(4).lanes(3).batch(3).seed(5).epochs(2);
    }

    @Test
    void theSameSeedGivesTheSameBatchesWithOneOrFourDecodeThreadsAndAnotherSeedOthers() {
        AudioPipeline augmented = pipeline().augment(CHAIN);
        long one = TestCorpus.checksum(augmented.decode(Decode.defaults().concurrency(1)));
        long four = TestCorpus.checksum(augmented.decode(Decode.defaults().concurrency(4).chunkFrames(777)));
        assertEquals(one, four);

        assertNotEquals(one, TestCorpus.checksum(augmented.seed(6).decode(Decode.defaults().concurrency(1))));
        assertNotEquals(one, TestCorpus.checksum(pipeline().decode(Decode.defaults().concurrency(1))),
                "the augmentation changes the audio");
    }

    @Test
    void eachBatchListsWhatWasAppliedToEachItemAndThatRedoesTheChangeExactly() {
        List<Item> plain = items(pipeline());
        List<Item> augmented = items(pipeline().augment(CHAIN));
        assertEquals(plain.size(), augmented.size());

        int fired = 0;
        for (int i = 0; i < plain.size(); i++) {
            Item dry = plain.get(i);
            Item wet = augmented.get(i);
            assertEquals(dry.source(), wet.source(), "augmentation keeps the order");
            assertEquals(dry.ordinal(), wet.ordinal());
            assertTrue(dry.applied().isEmpty());
            assertEquals("Gain", wet.applied().get(0).transform(), "Gain always fires first: " + wet.applied());
            assertTrue(wet.applied().stream().anyMatch(a -> a.transform().equals("Shift")), wet.applied().toString());
            fired += wet.applied().size();

            AugmentContext context = AugmentContext.forItem(5, dry.epoch(), dry.source(), dry.ordinal(), 0);
            Audio redone = CHAIN.apply(new Audio(dry.samples().clone(), F, 2, 16_000), context);
            assertArrayEquals(wet.samples(), redone.samples(), "item " + i + " redone from its key");
            assertEquals(wet.applied(), context.applied());
        }
        assertTrue(fired > 2 * plain.size() + plain.size() / 2, "the p = 0.5 steps fire about half the time: " + fired);
    }

    @Test
    void stagesDrawIndependentlyAndRecordInOrder() {
        List<Item> two = items(pipeline().augment(Gain.db(-6, 6)).augment(Gain.db(-6, 6)));
        for (Item item : two) {
            assertEquals(2, item.applied().size());
            assertNotEquals(item.applied().get(0).get("gain_db"), item.applied().get(1).get("gain_db"));
        }
    }

    @Test
    void aResumedPipelineRedoesTheSameDraws() {
        AudioPipeline pipeline = pipeline().augment(CHAIN).augment(SpeedPerturb.factors(0.9, 1.1));
        List<Item> whole = items(pipeline);
        List<Checkpoint> checkpoints = new ArrayList<>();
        pipeline.flux().doOnNext(b -> {
            checkpoints.add(b.checkpoint().orElseThrow());
            b.release();
        }).blockLast(TIMEOUT);

        for (int k : new int[] {0, 5, checkpoints.size() / 2, checkpoints.size() - 2}) {
            List<Item> rest = items(pipeline.resumeFrom(checkpoints.get(k)).decode(Decode.defaults().concurrency(3)));
            assertEquals(whole.subList(3 * (k + 1), whole.size()), rest, "resumed after batch " + k);
        }
    }

    @Test
    void fixedLengthSegmentsThatChangedLengthAreCutOrPaddedBackToTheFrame() {
        List<Item> plain = items(pipeline());
        List<Item> sped = items(pipeline().augment(SpeedPerturb.factors(0.8, 1.25)));
        for (int i = 0; i < sped.size(); i++) {
            Item item = sped.get(i);
            assertEquals(2 * F, item.samples().length, "every item keeps the frame length");
            double factor = item.applied().get(0).get("factor");
            int own = (int) Math.round(F / factor);
            if (factor > 1) {
                float[] tail = Arrays.copyOfRange(item.samples(), 2 * own, 2 * F);
                assertArrayEquals(new float[tail.length], tail, "faster: zeros after its " + own + " frames");
            } else {
                Audio dry = new Audio(plain.get(i).samples().clone(), F, 2, 16_000);
                Audio whole = SpeedPerturb.factors(factor).apply(dry, AugmentContext.forItem(0, 0, 0, 0));
                assertEquals(own, whole.frames());
                assertArrayEquals(Arrays.copyOf(whole.samples(), 2 * F), item.samples(), "slower: its start");
            }
        }
    }

    @Test
    void wholeClipsKeepTheirNewLengthUpToTheFramingsMaximum() {
        int max = 6_000;
        List<Item> plain = items(pipeline().framing(WholeClip.of(max)).dropLast(false));
        List<Item> sped = items(pipeline().framing(WholeClip.of(max)).dropLast(false)
                .augment(SpeedPerturb.factors(0.5, 2.0)));
        boolean cut = false;
        for (int i = 0; i < sped.size(); i++) {
            int before = plain.get(i).length();
            double factor = sped.get(i).applied().get(0).get("factor");
            int expected = (int) Math.min(max, Math.round(before / factor));
            assertEquals(expected, sped.get(i).length(), "item " + i + " at factor " + factor);
            cut |= Math.round(before / factor) > max;
        }
        assertTrue(cut, "some slowed clip exceeded the maximum");
    }

    @Test
    void blockingStepsRunOnBoundedElasticAndTheRestOnParallel() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Augmentation sleeper = new Augmentation() {
            @Override
            public Audio apply(Audio audio, AugmentContext context) {
                threads.add("sleeper:" + Thread.currentThread().getName().replaceAll("-\\d+$", ""));
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                context.record(Applied.of("Sleeper"));
                return audio;
            }

            @Override
            public boolean blocking() {
                return true;
            }
        };
        Augmentation where = (audio, context) -> {
            threads.add("cpu:" + Thread.currentThread().getName().replaceAll("-\\d+$", ""));
            return audio;
        };

        List<Item> items = items(pipeline().augment(Compose.of(where, sleeper, Gain.db(0, 0))).augment(where));

        assertTrue(items.stream().allMatch(i -> i.applied().size() == 2), "sleeper and gain recorded");
        assertEquals(Set.of("sleeper:boundedElastic", "cpu:parallel"), threads);
    }

    @Test
    void backgroundNoiseDecodedFromAFolderMixesInTheSameWithOneOrFourDecodeThreads(@TempDir Path noise)
            throws IOException {
        WavFixtureWriter.of(WavFixtureWriter.Encoding.FLOAT32).write(noise.resolve("hiss.wav"),
                Signals.noise(3, 16_000, 1, 3_000, 0.1), 1, 16_000);
        AudioPipeline pipeline = pipeline().augment(Compose.of(Gain.db(-3, 3),
                AddBackgroundNoise.fromFolder(noise).snrDb(5, 5), PolarityInversion.create()));

        List<Item> items = items(pipeline);

        assertTrue(items.stream().allMatch(i -> i.applied().size() == 3
                && i.applied().get(1).transform().equals("AddBackgroundNoise")), items.get(0).applied().toString());
        long fourThreads = TestCorpus.checksum(pipeline.decode(Decode.defaults().concurrency(4)));
        assertEquals(fourThreads, TestCorpus.checksum(pipeline.decode(Decode.defaults().concurrency(1))));
    }

    @Test
    void anAugmentationThatFailsEndsTheStreamNamingTheSegment() {
        Augmentation broken = (audio, context) -> {
            throw new IllegalArgumentException("no good");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pipeline().augment(broken).flux().doOnNext(Batch::release).blockLast(TIMEOUT));
        assertTrue(e.getMessage().matches("augmenting segment \\d+ of source \\d+ .*failed: no good"), e.getMessage());
    }

    @Test
    void whenSegmentsAugmentedAtOnceAllFailTheErrorNamesTheFirstInArrivalOrder() {
        Augmentation slowFirst = (audio, context) -> {
            if (audio.samples()[0] == 0) {
                LockSupport.parkNanos(20_000_000);
            }
            throw new IllegalArgumentException("no good");
        };
        Flux<Segment> segments = Flux.range(0, 8).map(i -> {
            float[] samples = new float[16];
            Arrays.fill(samples, i);
            return new Segment(AudioSource.of(i, Path.of(i + ".wav")), 0, samples, 16, 1, 16_000);
        });

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> segments
                .transform(Augment.of(List.of(slowFirst)).concurrency(4)).blockLast(TIMEOUT));

        assertTrue(e.getMessage().startsWith("augmenting segment 0 of source 0 "), e.getMessage());
    }

    @Test
    void theMemoryEstimateCountsTheSegmentsBeingAugmentedWhereWindowArraysAreNotRecycled() {
        long segment = (long) F * 2 * Float.BYTES;
        long batch = 3;
        long gatheredAndRecycled = pipeline().memoryEstimate().gather();
        long gatheredAndAugmented = pipeline().augment(CHAIN).memoryEstimate().gather();
        assertEquals((batch + batch) * segment, gatheredAndRecycled);
        assertEquals((batch + Augment.DEFAULT_CONCURRENCY) * segment, gatheredAndAugmented);
    }

    /** Every item of every batch, copied out, in order. */
    private static List<Item> items(AudioPipeline pipeline) {
        List<Item> items = new ArrayList<>();
        pipeline.flux().doOnNext(batch -> {
            float[] all = new float[batch.size() * batch.frames() * batch.channels()];
            batch.audio().get(all);
            int per = batch.frames() * batch.channels();
            for (int b = 0; b < batch.size(); b++) {
                float[] own = Arrays.copyOfRange(all, b * per, b * per + batch.lengths()[b] * batch.channels());
                items.add(new Item(batch.epoch(), batch.sourceIndices()[b], batch.ordinals()[b], own,
                        batch.augmentations().get(b)));
            }
            batch.release();
        }).blockLast(TIMEOUT);
        return items;
    }

    /** One batched item: where it came from, its own samples and what was applied to it. */
    private record Item(long epoch, long source, long ordinal, float[] samples, List<Applied> applied) {

        int length() {
            return samples.length / 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && epoch == i.epoch && source == i.source && ordinal == i.ordinal
                    && Arrays.equals(samples, i.samples) && applied.equals(i.applied);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(samples);
        }
    }
}
