package io.reactiveaudio.pipeline;

import java.util.Arrays;

/**
 * For each interleave lane, how far the epoch has taken it: the place in the lane's file list of
 * the file it last delivered from (-1 before its first segment), the ordinal of that file's next
 * segment, and the segments taken from the lane. Immutable; {@link #after} makes the next one.
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

    int lanes() {
        return files.length;
    }

    int file(int lane) {
        return files[lane];
    }

    long nextOrdinal(int lane) {
        return nextOrdinals[lane];
    }

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
