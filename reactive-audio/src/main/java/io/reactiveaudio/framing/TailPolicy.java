package io.reactiveaudio.framing;

/**
 * What {@link Sliding} does with the frames at the end of a source that no complete window holds
 * (the tail; for a source shorter than a window, the whole source).
 */
public enum TailPolicy {

    /** Drop them: only complete windows are emitted, and a source shorter than a window gives none. */
    DROP,

    /**
     * Keep them in one more window, the next one, zero-padded at its end: a source shorter than a
     * window gives one padded window. With a hop of at most the window length, every frame of a
     * non-empty source is then in some window, and no window holds only frames another already has.
     */
    PAD
}
