package io.reactiveaudio.pipeline;

import java.util.Arrays;

/**
 * For each interleave lane, how far the epoch has taken it: the place in the lane's file list of
 * the file it last delivered from (-1 before its first segment), the ordinal of that file's next
 * segment, and the segments taken from the lane. Immutable; {@link #after} makes the next one.
 * {@link Resume} records them in each {@link io.reactiveaudio.checkpoint.Checkpoint} and restarts
 * the lanes from them.
 */
final class LaneCursors {

    private final int[] files;
    private final long[] nextOrdinals;
    private final long[] taken;

    LaneCursors(int[] files, long[] nextOrdinals, long[] taken) {
        this.files = files;
        this.nextOrdinals = nextOrdinals;
        this.taken = taken;
    }

    /** Every lane before its first segment. */
    static LaneCursors start(int lanes) {
        int[] files = new int[lanes];
        Arrays.fill(files, -1);
        return new LaneCursors(files, new long[lanes], new long[lanes]);
    }

    /** The cursors once lane {@code lane} has delivered segment {@code ordinal} of its file {@code file}. */
    LaneCursors after(int lane, int file, long ordinal) {
        int[] f = files.clone();
        long[] n = nextOrdinals.clone();
        long[] t = taken.clone();
        f[lane] = file;
        n[lane] = ordinal + 1;
        t[lane]++;
        return new LaneCursors(f, n, t);
    }

    /**
     * The place in lane {@code lane}'s file list of the file it restarts at: the one it last
     * delivered from (decoded again from its beginning), or its first.
     */
    int restartFile(int lane) {
        return Math.max(files[lane], 0);
    }

    /** The segments of the {@link #restartFile} already taken, to skip when the lane restarts. */
    long skip(int lane) {
        return files[lane] < 0 ? 0 : nextOrdinals[lane];
    }

    /** The segments taken from lane {@code lane} so far this epoch. */
    long taken(int lane) {
        return taken[lane];
    }

    int[] files() {
        return files.clone();
    }

    long[] nextOrdinals() {
        return nextOrdinals.clone();
    }

    long[] takenCounts() {
        return taken.clone();
    }
}
