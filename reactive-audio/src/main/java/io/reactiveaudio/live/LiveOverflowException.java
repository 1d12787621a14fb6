package io.reactiveaudio.live;

/**
 * The error of a live stream whose buffer overflowed under {@link Overflow#ERROR}: the consumer fell
 * more than the buffer bound behind real time.
 */
public final class LiveOverflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long position;

    LiveOverflowException(long position, int bufferedFrames, int capacityFrames, int chunkFrames) {
        super("live buffer overflow at frame " + position + ": " + bufferedFrames + " frames buffered, a chunk of "
                + chunkFrames + " frames does not fit in the bound of " + capacityFrames + " frames");
        this.position = position;
    }

    /** Stream position, in frames, of the chunk that did not fit. */
    public long position() {
        return position;
    }
}
