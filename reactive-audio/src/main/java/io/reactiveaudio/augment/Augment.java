package io.reactiveaudio.augment;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.audio.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The augmentation operator: applies one or more augmentation stages to every {@link Segment},
 * in order, and records what each applied in {@link Segment#augmentations()}.
 *
 * <p><b>Draws.</b> Stage k draws for a segment from
 * {@link AugmentContext#forItem(long, long, long, long, int) AugmentContext.forItem(seed, epoch,
 * source index, segment ordinal, k)}, never from thread timing, so the output is the same whatever
 * the concurrency or the order in which segments finish. To redo one item's change, apply the
 * stage's augmentation to its segment with that context.
 *
 * <p><b>Length.</b> A transform may change the length (speed perturbation, a reverberant tail).
 * With {@link #keepLength(boolean) keepLength(true)} (the default, for fixed-length framings) the
 * result of the last stage is cut to the segment's own frames, keeping its start, or padded with
 * zeros at its end: a batch keeps its shape, and a slower segment loses its end while a faster one
 * ends in silence. With {@code keepLength(false)} (whole clips, batched padded to the longest
 * item) it keeps its new length, cut to {@link #maxFrames(int) maxFrames} if longer. Changing the
 * channel count or the sample rate is an error.
 *
 * <p><b>Threads and order.</b> Up to {@link #concurrency()} segments are augmented at once, each on a
 * {@link Schedulers#parallel()} thread, and they leave in arrival order ({@code flatMapSequential}).
 * Steps whose {@link Augmentation#blocking()} is true (background noise read from files) run on
 * {@link Schedulers#boundedElastic()} instead: a {@link Compose} at the top of a stage is split into
 * its steps, so only its blocking steps move, and the draws stay those of the composition;
 * segments always leave on a parallel thread. An augmentation that throws fails the stream,
 * naming the segment. At most {@code concurrency} segments (and their augmented copies) are held.
 *
 * <p>Immutable and thread-safe; every setter returns a new operator.
 */
public final class Augment implements Function<Flux<Segment>, Flux<Segment>> {

    /** Segments augmented at once by default: two per parallel thread, so no thread waits for the oldest. */
    public static final int DEFAULT_CONCURRENCY = 2 * Schedulers.DEFAULT_POOL_SIZE;

    private final Settings settings;
    private final List<Run> runs;

    private Augment(Settings settings) {
        this.settings = settings;
        this.runs = plan(settings.stages);
    }

    /**
     * The stages, applied in this order (stage k is the k-th), seed 0, epoch 0, keeping each
     * segment's length, {@link #DEFAULT_CONCURRENCY} segments at once.
     *
     * @throws IllegalArgumentException if there is no stage
     */
    public static Augment of(List<Augmentation> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("Augment needs at least one augmentation stage");
        }
        Settings settings = new Settings();
        settings.stages = List.copyOf(stages);
        settings.keepLength = true;
        settings.maxFrames = Integer.MAX_VALUE;
        settings.concurrency = DEFAULT_CONCURRENCY;
        return new Augment(settings);
    }

    /** The same stages keyed by {@code runSeed}. */
    public Augment seed(long runSeed) {
        return with(s -> s.seed = runSeed);
    }

    /** The same stages keyed by epoch {@code number} (from 0). */
    public Augment epoch(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + number);
        }
        return with(s -> s.epoch = number);
    }

    /** Whether results are cut or padded back to their segment's frames (true, the default) or keep their length. */
    public Augment keepLength(boolean keep) {
        return with(s -> s.keepLength = keep);
    }

    /** The longest result kept when lengths may change, in frames (at least 1); longer ones lose their end. */
    public Augment maxFrames(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1: " + frames);
        }
        return with(s -> s.maxFrames = frames);
    }

    /** Segments augmented at once (at least 1). */
    public Augment concurrency(int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + segments);
        }
        return with(s -> s.concurrency = segments);
    }

    /** Segments augmented at once. */
    public int concurrency() {
        return settings.concurrency;
    }

    /** The stages, in order. */
    public List<Augmentation> stages() {
        return settings.stages;
    }

    /**
     * The segments augmented, in arrival order. A failure ends the stream at its place in that
     * order: when several segments being augmented at once fail, the stream's error is the first
     * of them, whichever thread failed first.
     */
    @Override
    public Flux<Segment> apply(Flux<Segment> segments) {
        return segments.flatMapSequential(s -> augment(s).map(Outcome::new).onErrorResume(e -> Mono.just(
                        new Outcome(null, e))), settings.concurrency, 1)
                .handle((outcome, sink) -> {
                    if (outcome.failure == null) {
                        sink.next(outcome.segment);
                    } else {
                        sink.error(outcome.failure);
                    }
                });
    }

    /** A segment augmented, or why it could not be. */
    private record Outcome(Segment segment, Throwable failure) {
        Outcome(Segment segment) {
            this(segment, null);
        }
    }

    /** One segment through every run, each on its scheduler, ending on a parallel thread. */
    private Mono<Segment> augment(Segment segment) {
        Item item = new Item(segment);
        Mono<Item> chain = Mono.fromCallable(() -> runs.get(0).apply(item)).subscribeOn(runs.get(0).scheduler());
        for (int r = 1; r < runs.size(); r++) {
            Run run = runs.get(r);
            chain = chain.publishOn(run.scheduler()).map(run::apply);
        }
        if (runs.get(runs.size() - 1).blocking()) {
            chain = chain.publishOn(Schedulers.parallel());
        }
        return chain.map(Item::result).onErrorMap(e -> new IllegalStateException("augmenting segment "
                + segment.ordinal() + " of source " + segment.source().index() + " (" + segment.source().path()
                + ") failed: " + e.getMessage(), e));
    }

    /** The steps of every stage (a top-level {@link Compose} split), grouped into runs of one scheduler. */
    private static List<Run> plan(List<Augmentation> stages) {
        List<Run> runs = new ArrayList<>();
        for (int k = 0; k < stages.size(); k++) {
            Augmentation stage = Objects.requireNonNull(stages.get(k), "augmentation");
            List<Augmentation> parts = stage instanceof Compose compose ? compose.steps() : List.of(stage);
            for (int i = 0; i < parts.size(); i++) {
                Step step = new Step(parts.get(i), k, stage instanceof Compose ? i : -1);
                Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last.blocking() == step.augmentation().blocking()) {
                    last.steps().add(step);
                } else {
                    List<Step> steps = new ArrayList<>();
                    steps.add(step);
                    runs.add(new Run(steps, step.augmentation().blocking()));
                }
            }
        }
        return runs;
    }

    @Override
    public String toString() {
        return "Augment" + settings.stages;
    }

    /** One transform of a stage: the stage itself ({@code child} -1) or step {@code child} of its Compose. */
    private record Step(Augmentation augmentation, int stage, int child) {
    }

    /** Consecutive steps that run on one scheduler. */
    private record Run(List<Step> steps, boolean blocking) {

        Scheduler scheduler() {
            return blocking ? Schedulers.boundedElastic() : Schedulers.parallel();
        }

        Item apply(Item item) {
            for (Step step : steps) {
                item.apply(step);
            }
            return item;
        }
    }

    /** One segment on its way through the stages: its audio so far and each stage's context. */
    private final class Item {

        private final Segment segment;
        private final AugmentContext[] contexts;
        private Audio audio;

        Item(Segment segment) {
            this.segment = segment;
            this.contexts = new AugmentContext[settings.stages.size()];
            this.audio = new Audio(segment.samples(), segment.frames(), segment.channels(), segment.sampleRate());
        }

        void apply(Step step) {
            AugmentContext stage = contexts[step.stage()];
            if (stage == null) {
                stage = AugmentContext.forItem(settings.seed, settings.epoch, segment.source().index(),
                        segment.ordinal(), step.stage());
                contexts[step.stage()] = stage;
            }
            Audio out = step.augmentation().apply(audio, step.child() < 0 ? stage : stage.child(step.child()));
            if (out.channels() != audio.channels() || out.sampleRate() != audio.sampleRate()) {
                throw new IllegalStateException(step.augmentation() + " changed " + audio.channels() + " channels at "
                        + audio.sampleRate() + " Hz into " + out.channels() + " at " + out.sampleRate() + " Hz");
            }
            audio = out;
        }

        /** The augmented segment, fitted to its length, with every stage's record. */
        Segment result() {
            List<Applied> applied = new ArrayList<>(segment.augmentations());
            for (AugmentContext context : contexts) {
                if (context != null) {
                    applied.addAll(context.applied());
                }
            }
            int frames = settings.keepLength ? segment.frames() : Math.min(audio.frames(), settings.maxFrames);
            float[] samples = frames == audio.frames() ? audio.samples()
                    : Arrays.copyOf(audio.samples(), frames * audio.channels());
            return new Segment(segment.source(), segment.ordinal(), samples, frames, audio.channels(),
                    audio.sampleRate(), applied);
        }
    }

    private Augment with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new Augment(next);
    }

    /** The operator's settings; changed only on a fresh {@link #copy()} inside {@link #with}. */
    private static final class Settings implements Cloneable {

        List<Augmentation> stages;
        long seed;
        long epoch;
        boolean keepLength;
        int maxFrames;
        int concurrency;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
