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

    private final FrameScanner scanner;
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
        return true;
    }
}
