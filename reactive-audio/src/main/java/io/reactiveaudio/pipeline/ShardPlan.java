package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.framing.Framing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the ranks of a sharded pipeline split each epoch: the epoch's files in their common order
 * are one list of N segments, counted from the files' headers, and rank r of W takes the
 * contiguous range {@code [r N / W, (r + 1) N / W)} of it (rounded down): whole files, and at
 * most a tail and a head of a file at each end of its range, decoded by both neighbours, each
 * keeping its own segments. Every rank gives {@code ceil(ceil(N / W) / B)} batches.
 *
 * <p><b>Headers that are wrong.</b> Each file's ordinals are split at the places the header
 * counts give, and the rank that holds a file's last counted segment (for a file counted empty,
 * the rank whose range its place falls in) takes every ordinal from its split to the file's end,
 * however many there turn out to be. So the ranges partition the segments the files really give,
 * whatever the headers said: a file shorter than promised leaves its ranks fewer segments (more
 * padding), a longer one gives its last rank more (which {@link ShardShare} drops, counted, once
 * that rank's batches are full).
 *
 * <p>The frame counts come from {@link HeaderFrames} (a file whose header cannot be read counts
 * as empty), read on first use, which blocks: build it on a bounded-elastic thread. Immutable
 * after construction.
 */
final class ShardPlan {

    private final PipelineSettings settings;
    private final Map<Long, Long> frames;

    /** Reads every source's header, unless a pipeline it was copied from did (blocking). */
    ShardPlan(PipelineSettings settings) {
        this.settings = settings;
        this.frames = settings.headerFrames.of(settings);
    }

    /** This rank's share of epoch {@code epoch}, whose file order is {@code order}. */
    ShardShare share(long epoch, List<AudioSource> order) {
        Framing framing = settings.framing.keyed(settings.seed, epoch);
        int files = order.size();
        long[] start = new long[files + 1];
        for (int i = 0; i < files; i++) {
            AudioSource source = order.get(i);
            long n = frames.get(source.index());
            start[i + 1] = start[i] + (n > 0 ? framing.segments(source.index(), n) : 0);
        }
        long total = start[files];
        int rank = settings.rank;
        long first = rangeStart(rank, total);
        long end = rangeStart(rank + 1, total);
        List<FilePart> parts = new ArrayList<>();
        List<FilePart> round = new ArrayList<>();
        int firstFile = -1;
        for (int i = 0; i < files; i++) {
            boolean overlaps = start[i] < end && start[i + 1] > first;
            boolean tail = total > 0 && owner(start[i + 1] > start[i] ? start[i + 1] - 1
                    : Math.min(start[i], total - 1), total) == rank;
            if (overlaps || tail) {
                long from = Math.max(first, start[i]) - start[i];
                long until = tail ? FilePart.TO_END : Math.min(end, start[i + 1]) - start[i];
                parts.add(new FilePart(order.get(i), from, until));
            }
            if (firstFile < 0 && start[i + 1] > first) {
                firstFile = i;
            }
        }
        if (firstFile >= 0) {
            long skip = first - start[firstFile];
            round.add(new FilePart(order.get(firstFile), skip, FilePart.TO_END));
            for (int k = 1; k < files; k++) {
                round.add(FilePart.whole(order.get((firstFile + k) % files)));
            }
        }
        long most = (total + settings.worldSize - 1) / settings.worldSize;
        long batches = (most + settings.batch - 1) / settings.batch;
        return new ShardShare(settings, epoch, total, end - first, batches, parts, round);
    }

    /** The first segment of rank {@code rank}'s range, or {@code total} for rank W (exact below 2^63 / W segments). */
    private long rangeStart(int rank, long total) {
        return total * rank / settings.worldSize;
    }

    /**
     * The rank whose range holds segment {@code place} of {@code total} (0 <= place < total): the
     * last rank whose range starts at or before it, since {@code r N / W <= place} exactly when
     * {@code r N < (place + 1) W}.
     */
    private int owner(long place, long total) {
        return (int) (((place + 1) * settings.worldSize - 1) / total);
    }
}
