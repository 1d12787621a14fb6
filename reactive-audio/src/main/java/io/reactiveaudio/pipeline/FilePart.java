package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioSource;

/**
 * The part of one source that a lane keeps: its segments with ordinals from {@code from} up to
 * (not including) {@code until}, or to the source's end when {@code until} is {@link #TO_END}.
 * The whole source is decoded up to {@code until}; the segments before {@code from} are dropped.
 *
 * @param source the source
 * @param from the first ordinal kept, at least 0
 * @param until the first ordinal not kept, or {@link #TO_END}
 */
record FilePart(AudioSource source, long from, long until) {

    /** An {@link #until} that keeps every segment from {@link #from} to the source's end. */
    static final long TO_END = Long.MAX_VALUE;

    FilePart {
        if (from < 0 || until < from) {
            throw new IllegalArgumentException("a part needs 0 <= from <= until: " + from + ", " + until);
        }
    }

    /** Every segment of {@code source}. */
    static FilePart whole(AudioSource source) {
        return new FilePart(source, 0, TO_END);
    }

    /** Whether the segment with this ordinal belongs to the part. */
    boolean keeps(long ordinal) {
        return ordinal >= from && ordinal < until;
    }

    /** Whether the part stops before the source's end, so that decoding can stop at {@link #until}. */
    boolean endsEarly() {
        return until != TO_END;
    }
}
