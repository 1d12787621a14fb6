package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.Segment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One rank's share of one epoch (made by {@link ShardPlan}): the parts of the epoch's files it
 * decodes, the batches every rank gives, and how it fills its last batches.
 *
 * <p><b>Filling.</b> The rank's own segments come first, in the shuffle window's order, up to the
 * items of {@link #batches()} full batches; then, until the last batch is full (or, without
 * {@code dropLast}, until it has at least one item), padding items: the segments of the epoch from
 * the first of this rank's range on, in the epoch's order and wrapping round to its first file
 * (so this rank's first segments again, or for a rank whose range is shorter than the padding,
 * its neighbours' after them), decoded again. They depend only on the seed, the epoch and the headers, so a rank
 * pads the same way in every run and after a resume. Normally a rank pads less than one batch; it
 * pads more only if files gave fewer segments than their headers promised. Own segments that
 * arrive after the batches are full (files that gave more than promised) are dropped and counted.
 * Each epoch's account goes to the pipeline's {@link ShardReport}, with a warning in the log when
 * it dropped segments or padded a whole batch or more.
 *
 * <p>Immutable; each subscription to {@link #fill} counts for itself.
 */
final class ShardShare {

    private static final Logger LOG = Loggers.getLogger(ShardShare.class);

    private final PipelineSettings settings;
    private final long epoch;
    private final long epochSegments;
    private final long planned;
    private final long batches;
    private final List<FilePart> parts;
    private final List<FilePart> round;

    /**
     * @param epochSegments the epoch's segments by the headers, N
     * @param planned this rank's share of them by the headers
     * @param batches the batches every rank gives
     * @param parts the parts this rank decodes, in the epoch's order
     * @param round the epoch's files from the first segment of this rank's range on, wrapping
     *     round to the files before it (not the head of that first file, as a lane decodes each
     *     file once); padding takes from it
     */
    ShardShare(PipelineSettings settings, long epoch, long epochSegments, long planned, long batches,
               List<FilePart> parts, List<FilePart> round) {
        this.settings = settings;
        this.epoch = epoch;
        this.epochSegments = epochSegments;
        this.planned = planned;
        this.batches = batches;
        this.parts = List.copyOf(parts);
        this.round = List.copyOf(round);
    }

    /** The parts of the epoch's files this rank decodes, in reading order. */
    List<FilePart> parts() {
        return parts;
    }

    /** The batches every rank gives this epoch; 0 when the headers count no segment at all. */
    long batches() {
        return batches;
    }

    /**
     * The items of the epoch for the batcher, from where a checkpoint left it: the rank's own
     * {@code shuffled} segments up to its full batches, then the padding its last batch needs.
     * Sets {@code firstPadding} to the place of the first padding item in this stream (for
     * {@link io.reactiveaudio.batch.Batcher#paddingFrom}) before that item is emitted, and records
     * the epoch in the report when the stream completes.
     *
     * @param ownBefore own segments delivered before the checkpoint (the window's emitted count)
     * @param batchesBefore batches delivered before the checkpoint
     * @param lanes the epoch's lanes, which decode the padding
     */
    Flux<Segment> fill(Flux<Segment> shuffled, long ownBefore, long batchesBefore, EpochRun lanes,
                       AtomicLong firstPadding) {
        long most = batches * settings.batch;
        long least = settings.dropLast ? most : (batches - 1) * settings.batch + 1;
        long itemsBefore = Math.min(batchesBefore * settings.batch, Math.max(least, Math.min(ownBefore, most)));
        long paddedBefore = itemsBefore - ownBefore;
        return Flux.defer(() -> {
            long room = Math.max(0, most - itemsBefore);
            long[] own = {0};
            long[] dropped = {0};
            long[] padded = {0};
            Flux<Segment> kept = shuffled.handle((segment, sink) -> {
                if (own[0] < room) {
                    own[0]++;
                    sink.next(segment);
                } else {
                    dropped[0]++;
                }
            });
            Flux<Segment> padding = Flux.defer(() -> {
                firstPadding.set(own[0]);
                long needed = Math.max(0, least - itemsBefore - own[0]);
                return repeats(lanes).skip(paddedBefore).take(needed).doOnNext(s -> padded[0]++)
                        .concatWith(Flux.defer(() -> padded[0] == needed ? Flux.empty()
                                : Flux.error(new IllegalStateException("rank " + settings.rank + " of "
                                + settings.worldSize + " could fill only " + (itemsBefore + own[0] + padded[0])
                                + " of the " + least + " items every rank gives in epoch " + epoch
                                + ": the epoch's files gave no segment to repeat"))));
            });
            return kept.concatWith(padding).doOnComplete(() -> record(ownBefore + own[0],
                    paddedBefore + padded[0], dropped[0]));
        });
    }

    /** The padding round after round, as long as a round gives a segment. */
    private Flux<Segment> repeats(EpochRun lanes) {
        if (round.isEmpty()) {
            return Flux.empty();
        }
        AtomicLong lastRound = new AtomicLong();
        return Flux.defer(() -> {
            lastRound.set(0);
            return lanes.segments(round).doOnNext(s -> lastRound.incrementAndGet());
        }).repeat(() -> lastRound.get() > 0);
    }

    private void record(long own, long padding, long dropped) {
        ShardReport.Epoch account = new ShardReport.Epoch(epoch, settings.rank, settings.worldSize, epochSegments,
                planned, batches, own, padding, dropped);
        if (dropped > 0 || own < planned) {
            LOG.warn("epoch {}, rank {} of {}: {} segments of its share delivered ({} by the headers), {} repeated"
                    + " to fill its {} batches, {} dropped: {}", epoch, settings.rank, settings.worldSize, own,
                    planned, padding, batches, dropped, dropped > 0
                            ? "files gave more segments than their headers promised, and its batches were full"
                            : "files gave fewer segments than their headers promised, or were skipped");
        }
        settings.shardReport.record(account);
    }
}
