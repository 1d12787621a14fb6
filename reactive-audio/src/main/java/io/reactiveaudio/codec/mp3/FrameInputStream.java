package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.codec.AudioDecodeException;
import java.io.InputStream;

/**
 * Presents the frames a {@link FrameScanner} validated as one clean byte stream for JLayer's
 * {@code Bitstream}: no tags, no garbage, no partial frame.
 *
 * <p>JLayer reads ahead of the frame it decodes, so a problem found while scanning (a truncated
 * last frame) is not thrown here: the stream ends, and the problem waits in {@link #deferred()}
 * until the frames before it have been decoded. Not thread-safe.
 */
final class FrameInputStream extends InputStream {

    /** Frames whose place is remembered: JLayer reads no more than a frame or two ahead. */
    private static final int REMEMBERED = 64;

    private final FrameScanner scanner;
    private final long[] offsets = new long[REMEMBERED];
    private final int[] lengths = new int[REMEMBERED];
    /** Frames served so far, the current one included. */
    private long served;
    private int position;
    private int length;
    private boolean ended;
    private AudioDecodeException deferred;

    /**
     * @param scanner the scanner to pull frames from
     * @param startWithCurrent true to serve the scanner's current frame first
     */
    FrameInputStream(FrameScanner scanner, boolean startWithCurrent) {
        this.scanner = scanner;
        if (startWithCurrent) {
            length = scanner.frameLength();
            remember();
        }
    }

    @Override
    public int read() {
        if (!ensureData()) {
            return -1;
        }
        return scanner.frame()[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!ensureData()) {
            return -1;
        }
        int n = Math.min(len, length - position);
        System.arraycopy(scanner.frame(), position, b, off, n);
        position += n;
        return n;
    }

    /** The error that ended the stream early, or null after a clean end. */
    AudioDecodeException deferred() {
        return deferred;
    }

    /** Bytes the scanner has passed over as garbage so far. */
    long skippedBytes() {
        return scanner.skippedBytes();
    }

    private boolean ensureData() {
        if (position < length) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            if (!scanner.next(true)) {
                ended = true;
                return false;
            }
        } catch (AudioDecodeException e) {
            ended = true;
            deferred = e;
            return false;
        }
        position = 0;
        length = scanner.frameLength();
        remember();
        return true;
    }

    /**
     * Byte offset in the file of the {@code index}-th frame this stream served (0-based), or -1
     * when it was not served or lies too far back to be remembered.
     */
    long offsetOf(long index) {
        return index < served && served - index <= REMEMBERED ? offsets[(int) (index % REMEMBERED)] : -1;
    }

    /** Length in bytes of the {@code index}-th frame served, valid where {@link #offsetOf} is not -1. */
    int lengthOf(long index) {
        return lengths[(int) (index % REMEMBERED)];
    }

    private void remember() {
        offsets[(int) (served % REMEMBERED)] = scanner.frameOffset();
        lengths[(int) (served % REMEMBERED)] = scanner.frameLength();
        served++;
    }
}
