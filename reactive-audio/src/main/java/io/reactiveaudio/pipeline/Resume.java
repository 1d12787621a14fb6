package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.shuffle.ShuffleWindow;
import io.reactiveaudio.shuffle.WindowSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where an {@link AudioPipeline}'s epochs start, and what each of its batches records of where it
 * stands: the one place that turns the running epoch into {@link Checkpoint}s and a checkpoint
 * back into a running epoch.
 *
 * <p><b>Recording.</b> Each segment reaches the shuffle window as an {@link Arrival} carrying the
 * {@link LaneCursors} right after it. The window hands its state to an observer after every
 * batch's last segment (and after its very last); that state, with the cursors of its latest
 * arrival (or the cursors the epoch started from, if nothing arrived since it started), becomes the
 * checkpoint of that batch, kept in a ledger of the subscription until the {@link Batcher} makes
 * the batch and takes it ({@link Batcher#checkpoints}). The observer runs on the thread emitting
 * from the window and the batcher takes on the thread completing a batch, so the ledger is a
 * concurrent map.
 *
 * <p><b>Restoring.</b> A checkpoint is refused unless it carries the fingerprint of this
 * configuration ({@link PipelineSettings#fingerprint()}). The epoch it names then starts from it:
 * the files of the segments its window held are decoded as the lanes decode them, each up to the
 * last ordinal needed ({@link io.reactiveaudio.decode.Decode#concurrency()} files at once), the
 * window is restored slot by slot with its counters, and each lane restarts at its cursor,
 * decoding its current file from the beginning and skipping what was taken. The batch count goes
 * on from the checkpoint's. Later epochs, and every epoch without a checkpoint, start empty.
 * Augmentation after the window draws by key, so it redoes the same draws after a resume.
 *
 * <p><b>Shards.</b> A shard's epoch goes on after the window with the padding of its last batches
 * ({@link ShardShare#fill}); a batch made of padding alone takes the checkpoint of the window's
 * last state (or, if nothing arrived, its first) with its own batch count, so resuming from it
 * goes on with the padding that followed.
 *
 * <p>Immutable; each subscription to {@link #batches} has its own ledger.
 */
final class Resume {

    private final PipelineSettings settings;
    private final long fingerprint;
    private final Checkpoint start;

    /** Runs of the pipeline {@code settings} describe, from its checkpoint if it has one. */
    Resume(PipelineSettings settings) {
        this.settings = settings;
        this.fingerprint = settings.fingerprint();
        this.start = settings.resume;
    }

    /** Why the checkpoint cannot be resumed here: it was taken from another configuration. */
    Optional<IllegalArgumentException> refusal() {
        if (start == null || start.fingerprint() == fingerprint) {
            return Optional.empty();
        }
        return Optional.of(new IllegalArgumentException("the checkpoint (" + start + ") was taken from a pipeline"
                + " with other sources or settings (sources, seed, framing, window, batch, lanes, shard,"
                + " conform must match)"));
    }

    /** The epoch the run begins with: the checkpoint's, or the pipeline's first. */
    long firstEpoch() {
        return start == null ? settings.firstEpoch : start.epoch();
    }

    /** Whether epoch {@code epoch} continues from the checkpoint rather than from its start. */
    boolean resumes(long epoch) {
        return start != null && epoch == start.epoch();
    }

    /** The batches of epoch {@code epoch} delivered before the checkpoint: its count in its own epoch, else 0. */
    long delivered(long epoch) {
        return resumes(epoch) ? start.batches() : 0;
    }

    /**
     * The batches of the epoch {@code lanes} run, from the checkpoint if {@link #resumes} that
     * epoch: the lanes' arrivals through {@code window}, observed and restored here, then for a
     * shard the padding of its last batches, then {@code afterWindow} (augmentation), then
     * {@code batcher}, which gives every batch its checkpoint and marks the padding.
     *
     * @param window the epoch's shuffle window, configured but neither observed nor resumed
     * @param share this rank's share of the epoch, or null for a pipeline of one rank
     */
    Flux<Batch> batches(EpochRun lanes, ShuffleWindow<Arrival> window, UnaryOperator<Flux<Segment>> afterWindow,
                        Batcher batcher, ShardShare share) {
        long epoch = lanes.epoch();
        boolean resumed = resumes(epoch);
        LaneCursors cursors = resumed ? new LaneCursors(start.laneFiles(), start.laneNextOrdinals(), start.laneTaken())
                : LaneCursors.start(settings.lanes);
        long offset = delivered(epoch);
        WindowSnapshot<Arrival> empty = new WindowSnapshot<>(0, 0, false, List.of(), null);
        Mono<WindowSnapshot<Arrival>> restored = resumed ? restoreWindow(lanes) : Mono.just(empty);
        return restored.flatMapMany(state -> {
            Map<Long, Checkpoint> ledger = new ConcurrentHashMap<>();
            AtomicReference<Checkpoint> latest = new AtomicReference<>(resumed ? start
                    : checkpointOf(epoch, empty, cursors));
            ShuffleWindow<Arrival> shuffle = window.observe(settings.batch, snapshot -> {
                Checkpoint checkpoint = checkpointOf(epoch, snapshot, cursors);
                latest.set(checkpoint);
                ledger.put(batchesAfter(snapshot.emitted()), checkpoint);
            }).resume(state);
            Flux<Segment> shuffled = lanes.arrivals(cursors).transform(shuffle).map(Arrival::segment);
            Batcher stage = batcher.checkpoints(n -> {
                Checkpoint recorded = ledger.remove(offset + n);
                return recorded != null ? recorded : withBatches(latest.get(), offset + n);
            });
            if (share != null) {
                AtomicLong firstPadding = new AtomicLong(Long.MAX_VALUE);
                shuffled = share.fill(shuffled, resumed ? start.emitted() : 0, offset, lanes, firstPadding);
                stage = stage.paddingFrom(firstPadding::get);
            }
            return afterWindow.apply(shuffled).transform(stage);
        });
    }

    /** {@code checkpoint} as the checkpoint of batch {@code batches} of its epoch: for batches of padding alone. */
    private static Checkpoint withBatches(Checkpoint checkpoint, long batches) {
        return new Checkpoint(checkpoint.fingerprint(), checkpoint.epoch(), batches, checkpoint.arrivals(),
                checkpoint.emitted(), checkpoint.draining(), checkpoint.residentSources(),
                checkpoint.residentOrdinals(), checkpoint.laneFiles(), checkpoint.laneNextOrdinals(),
                checkpoint.laneTaken());
    }

    /** The batches of the epoch completed once {@code emitted} segments have left the window. */
    private long batchesAfter(long emitted) {
        return (emitted + settings.batch - 1) / settings.batch;
    }

    /** The window's state with the lane cursors of its latest arrival, or {@code epochStart} before any. */
    private Checkpoint checkpointOf(long epoch, WindowSnapshot<Arrival> state, LaneCursors epochStart) {
        LaneCursors lanesNow = state.lastArrival() != null ? state.lastArrival().after() : epochStart;
        List<Arrival> residents = state.residents();
        long[] sources = new long[residents.size()];
        long[] ordinals = new long[residents.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = residents.get(i).source().index();
            ordinals[i] = residents.get(i).ordinal();
        }
        return new Checkpoint(fingerprint, epoch, batchesAfter(state.emitted()), state.arrivals(), state.emitted(),
                state.draining(), sources, ordinals, lanesNow.files(), lanesNow.nextOrdinals(), lanesNow.takenCounts());
    }

    /** Decodes the segments the checkpoint's window held and puts them back in their slots. */
    private Mono<WindowSnapshot<Arrival>> restoreWindow(EpochRun lanes) {
        long[] sources = start.residentSources();
        long[] ordinals = start.residentOrdinals();
        Map<Long, Long> lastNeeded = new LinkedHashMap<>();
        for (int i = 0; i < sources.length; i++) {
            lastNeeded.merge(sources[i], ordinals[i], Math::max);
        }
        List<Key> wanted = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            wanted.add(new Key(sources[i], ordinals[i]));
        }
        Set<Key> needed = new HashSet<>(wanted);
        return Flux.fromIterable(lastNeeded.keySet())
                .flatMapSequential(index -> lanes.segments(settings.sources.get(index))
                        .takeUntil(s -> s.ordinal() >= lastNeeded.get(index))
                        .filter(s -> needed.contains(new Key(s.source().index(), s.ordinal())))
                        .map(s -> Arrival.of(s, settings.int16Window, null)),
                        Math.max(1, settings.decode.concurrency()))
                .collectMap(a -> new Key(a.source().index(), a.ordinal()))
                .map(found -> {
                    List<Arrival> residents = new ArrayList<>(wanted.size());
                    for (Key key : wanted) {
                        Arrival arrival = found.get(key);
                        if (arrival == null) {
                            throw new IllegalStateException("the checkpoint's window held segment " + key.ordinal()
                                    + " of source " + key.source() + ", which the sources no longer give: the corpus"
                                    + " changed");
                        }
                        residents.add(arrival);
                    }
                    return new WindowSnapshot<>(start.arrivals(), start.emitted(), start.draining(), residents, null);
                });
    }

    /** A segment named by its source index and ordinal. */
    private record Key(long source, long ordinal) {
    }
}
