package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.augment.Augment;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.framing.Framing;
import io.reactiveaudio.shuffle.ShuffleWindow;
import io.reactiveaudio.shuffle.WindowSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One epoch of an {@link AudioPipeline}, from its start or from a {@link Checkpoint}.
 *
 * <p><b>Interleave.</b> The epoch's files are dealt to {@code lanes} lanes (file i of the epoch
 * order to lane {@code i % lanes}); each lane decodes, conforms and frames its files one after the
 * other, and the lanes' segments are merged round-robin, by (segment count within the lane, lane).
 * The order is thus a function of the file order and the files' contents only, while up to
 * {@code lanes} files decode at once on the decode scheduler.
 *
 * <p><b>Augmentation.</b> Segments leaving the shuffle window go through the pipeline's
 * {@link Augment} stages, keyed by (seed, epoch, source, ordinal, stage) and so the same after a
 * resume, then to the batcher.
 *
 * <p><b>Checkpoints.</b> The shuffle window reports its state after every batch's last segment;
 * the state, with the lane cursors of the latest arrival, becomes the batch's checkpoint. Resuming
 * decodes the files of the segments the window held (up to the last one needed) and restarts every
 * lane at its cursor, decoding its current file from the beginning and skipping what was taken.
 */
final class EpochRun {

    /** Segments each lane may have ready in the merge. */
    static final int MERGE_PREFETCH = 2;
    /** Chunks queued between a lane's decoder and its CPU stages. */
    static final int CPU_PREFETCH = 4;
    /**
     * Chunks each lane's file decodes ahead, and chunks queued before its CPU stages, when the
     * framing's windows line up with chunks ({@link Framing#alignedFirstChunkFrames}): then a chunk
     * is a whole window (F frames), decoded straight into the array that becomes the segment.
     */
    static final int ALIGNED_DECODE_PREFETCH = 1;
    static final int ALIGNED_CPU_PREFETCH = 2;

    private final PipelineSettings settings;
    private final long epoch;
    private final long fingerprint;
    private final Scheduler decodeThreads;
    private final Batcher batcher;
    private final WindowArrays windowArrays;
    private final List<List<AudioSource>> lanes = new ArrayList<>();
    private final Map<Long, Integer> placeInLane = new HashMap<>();

    /**
     * @param windowArrays where the decoders take the arrays of aligned chunks, which the batcher
     *     gives back; null for new arrays every time
     */
    EpochRun(PipelineSettings settings, long epoch, List<AudioSource> files, long fingerprint, Scheduler decodeThreads,
             Batcher batcher, WindowArrays windowArrays) {
        this.settings = settings;
        this.epoch = epoch;
        this.fingerprint = fingerprint;
        this.decodeThreads = decodeThreads;
        this.batcher = batcher;
        this.windowArrays = windowArrays;
        for (int j = 0; j < settings.lanes; j++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            List<AudioSource> lane = lanes.get(i % settings.lanes);
            placeInLane.put(files.get(i).index(), lane.size());
            lane.add(files.get(i));
        }
    }

    /** The epoch's batches from its start ({@code start == null}) or from the batch after {@code start}. */
    Flux<Batch> batches(Checkpoint start) {
        LaneCursors cursors = start == null ? LaneCursors.start(settings.lanes)
                : new LaneCursors(start.laneFiles(), start.laneNextOrdinals(), start.laneTaken());
        long offset = start == null ? 0 : start.batches();
        Mono<WindowSnapshot<Arrival>> window = start == null
                ? Mono.just(new WindowSnapshot<>(0, 0, false, List.of(), null)) : restoreWindow(start);
        return window.flatMapMany(state -> {
            Map<Long, Checkpoint> ledger = new ConcurrentHashMap<>();
            ShuffleWindow<Arrival> configured = ShuffleWindow.of(settings.shuffle).initialFill(settings.initialFill)
                    .growth(settings.growth).seed(settings.seed).epoch(epoch);
            ShuffleWindow<Arrival> shuffle = configured.observe(settings.batch, snapshot -> ledger.put(batchesAfter(snapshot.emitted()),
                            checkpointOf(snapshot, cursors)))
                    .resume(state);
            Flux<Segment> segments = arrivals(cursors).transform(shuffle).map(Arrival::segment);
            if (!settings.augmentations.isEmpty()) {
                segments = segments.transform(Augment.of(settings.augmentations).seed(settings.seed).epoch(epoch)
                        .keepLength(settings.framing.fixedLength()).maxFrames(settings.framing.maxFrames()));
            }
            return segments.transform(batcher.epoch(epoch).checkpoints(n -> ledger.remove(offset + n)));
        });
    }

    private long batchesAfter(long emitted) {
        return (emitted + settings.batch - 1) / settings.batch;
    }

    private Checkpoint checkpointOf(WindowSnapshot<Arrival> state, LaneCursors start) {
        LaneCursors lanesNow = state.lastArrival() != null ? state.lastArrival().after() : start;
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

    /** The segments of the epoch in interleave order, each with the lane cursors after it. */
    private Flux<Arrival> arrivals(LaneCursors from) {
        List<Flux<Laned>> merged = new ArrayList<>();
        for (int j = 0; j < lanes.size(); j++) {
            List<AudioSource> files = lanes.get(j);
            int first = Math.max(from.file(j), 0);
            if (first >= files.size()) {
                continue;
            }
            long skip = from.file(j) < 0 ? 0 : from.nextOrdinal(j);
            long taken = from.taken(j);
            int lane = j;
            merged.add(segments(files.subList(first, files.size()), skip)
                    .index((i, segment) -> new Laned(taken + i, lane, segment)));
        }
        Comparator<Laned> roundRobin = Comparator.comparingLong(Laned::seq).thenComparingInt(Laned::lane);
        Flux<Laned> interleaved = Flux.mergeComparing(MERGE_PREFETCH, roundRobin, merged.toArray(Flux[]::new));
        return Flux.defer(() -> {
            LaneCursors[] now = {from};
            return interleaved.map(laned -> {
                Segment segment = laned.segment();
                now[0] = now[0].after(laned.lane(), placeInLane.get(segment.source().index()), segment.ordinal());
                return Arrival.of(segment, settings.int16Window, now[0]);
            });
        });
    }

    /** Whether the framing's windows line up with chunks, so that the lanes decode aligned chunks. */
    static boolean alignsChunks(Framing framing) {
        return framing.alignedFirstChunkFrames(0) > 0;
    }

    /** The segments of {@code files} in order, without the first {@code skip} of the first file. */
    private Flux<Segment> segments(List<AudioSource> files, long skip) {
        Framing framing = settings.framing.keyed(settings.seed, epoch);
        Decode decode = settings.decode.concurrency(1).scheduler(decodeThreads);
        int cpuPrefetch = CPU_PREFETCH;
        if (alignsChunks(framing)) {
            decode = decode.alignedChunks(framing.maxFrames(), framing::alignedFirstChunkFrames,
                            windowArrays == null ? float[]::new : windowArrays::take)
                    .prefetch(ALIGNED_DECODE_PREFETCH);
            cpuPrefetch = ALIGNED_CPU_PREFETCH;
        }
        Flux<AudioChunk> chunks = Flux.fromIterable(files).transform(decode)
                .publishOn(Schedulers.parallel(), cpuPrefetch);
        if (settings.conform != null) {
            chunks = chunks.transform(settings.conform);
        }
        Flux<Segment> segments = chunks.transform(framing);
        if (skip == 0) {
            return segments;
        }
        long firstIndex = files.get(0).index();
        return segments.filter(s -> s.source().index() != firstIndex || s.ordinal() >= skip);
    }

    /** Decodes the segments the checkpoint's window held and puts them back in their slots. */
    private Mono<WindowSnapshot<Arrival>> restoreWindow(Checkpoint start) {
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
                .flatMapSequential(index -> segments(List.of(settings.sources.get(index)), 0)
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

    /** A segment with its lane and its count within the lane. */
    private record Laned(long seq, int lane, Segment segment) {
    }
}
