package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.framing.Framing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The lanes of one epoch of an {@link AudioPipeline}: its files decoded, conformed and cut into
 * segments side by side, and merged into one stream of {@link Arrival}s for the shuffle window.
 *
 * <p><b>Interleave.</b> The shard's {@link FilePart}s of the epoch (whole files, or for a shard
 * of several ranks a range of a file's segments at each end of its share) are dealt to
 * {@code lanes} lanes by unit (unit u of the reading order to lane {@code u % lanes}, a unit being
 * a file, or the consecutive samples of one tar shard, which one lane thus reads front to back;
 * see {@link ShardGroups}); each lane decodes
 * (on the decode scheduler), hands over to {@code parallel()}, conforms and frames its parts' files
 * one after the other, keeping each part's segments, and the lanes' segments are merged
 * round-robin, by (segment count within the lane, lane). The order is thus a function of the parts
 * and the files' contents only, while up to {@code lanes} files decode at once.
 *
 * <p><b>Cursors.</b> Every arrival carries the {@link LaneCursors} right after it, and the lanes
 * start from any cursors: {@link Resume} records the former in checkpoints and restores with the
 * latter. Immutable; every call builds new streams.
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
    private final Scheduler decodeThreads;
    private final WindowArrays windowArrays;
    private final List<List<FilePart>> lanes = new ArrayList<>();
    private final Map<Long, Integer> placeInLane = new HashMap<>();

    /**
     * @param parts this shard's parts of the epoch's files, in reading order, one per file
     * @param windowArrays where the decoders take the arrays of aligned chunks, which the batcher
     *     gives back; null for new arrays every time
     */
    EpochRun(PipelineSettings settings, long epoch, List<FilePart> parts, Scheduler decodeThreads,
             WindowArrays windowArrays) {
        this.settings = settings;
        this.epoch = epoch;
        this.decodeThreads = decodeThreads;
        this.windowArrays = windowArrays;
        for (int j = 0; j < settings.lanes; j++) {
            lanes.add(new ArrayList<>());
        }
        int unit = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (i == 0 || !ShardGroups.sameShard(parts.get(i - 1).source(), parts.get(i).source())) {
                unit++;
            }
            List<FilePart> lane = lanes.get(unit % settings.lanes);
            placeInLane.put(parts.get(i).source().index(), lane.size());
            lane.add(parts.get(i));
        }
    }

    long epoch() {
        return epoch;
    }

    /**
     * The segments of the epoch in interleave order, each with the lane cursors after it, every
     * lane restarting where {@code from} says (see {@link LaneCursors#restartFile}).
     */
    Flux<Arrival> arrivals(LaneCursors from) {
        List<Flux<Laned>> merged = new ArrayList<>();
        for (int j = 0; j < lanes.size(); j++) {
            List<FilePart> parts = lanes.get(j);
            int first = from.restartFile(j);
            if (first >= parts.size()) {
                continue;
            }
            long taken = from.taken(j);
            int lane = j;
            merged.add(segments(parts.subList(first, parts.size()), from.skip(j))
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

    /** The segments of {@code source} in order, decoded and cut as a lane does, for restoring a window. */
    Flux<Segment> segments(AudioSource source) {
        return segments(List.of(FilePart.whole(source)), 0);
    }

    /** The segments of {@code parts} in order, decoded and cut as one lane does; for padding a shard. */
    Flux<Segment> segments(List<FilePart> parts) {
        return segments(parts, 0);
    }

    /** Whether the framing's windows line up with chunks, so that the lanes decode aligned chunks. */
    static boolean alignsChunks(Framing framing) {
        return framing.alignedFirstChunkFrames(0) > 0;
    }

    /**
     * The segments of {@code parts} (one part per source) in order, without the first {@code skip}
     * of the first part's file; decoding stops at the last part's end when it ends early.
     */
    private Flux<Segment> segments(List<FilePart> parts, long skip) {
        Framing framing = settings.framing.keyed(settings.seed, epoch);
        Decode decode = settings.decode.concurrency(1).scheduler(decodeThreads);
        if (settings.conform != null) {
            decode = decode.conforming(settings.conform.readerConversion());
        }
        int cpuPrefetch = CPU_PREFETCH;
        if (alignsChunks(framing)) {
            decode = decode.alignedChunks(framing.maxFrames(), framing::alignedFirstChunkFrames,
                            windowArrays == null ? float[]::new : windowArrays::take)
                    .prefetch(ALIGNED_DECODE_PREFETCH);
            cpuPrefetch = ALIGNED_CPU_PREFETCH;
        }
        Flux<AudioChunk> chunks = Flux.fromIterable(parts).map(FilePart::source).transform(decode)
                .publishOn(Schedulers.parallel(), cpuPrefetch);
        if (settings.conform != null) {
            chunks = chunks.transform(settings.conform);
        }
        Flux<Segment> segments = chunks.transform(framing);
        FilePart last = parts.get(parts.size() - 1);
        if (last.endsEarly()) {
            long lastIndex = last.source().index();
            segments = segments.takeWhile(s -> s.source().index() != lastIndex || s.ordinal() < last.until());
        }
        Map<Long, FilePart> kept = new HashMap<>();
        for (FilePart part : parts) {
            kept.put(part.source().index(), part);
        }
        FilePart first = parts.get(0);
        if (skip > first.from()) {
            long from = Math.min(skip, first.until());
            kept.put(first.source().index(), new FilePart(first.source(), from, first.until()));
        }
        if (kept.values().stream().allMatch(part -> part.from() == 0 && !part.endsEarly())) {
            return segments;
        }
        return segments.filter(s -> kept.get(s.source().index()).keeps(s.ordinal()));
    }

    /** A segment with its lane and its count within the lane. */
    private record Laned(long seq, int lane, Segment segment) {
    }
}
