package io.reactiveaudio.codec.flac;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams the frames of one FLAC file as interleaved float32: reads the file through a byte window
 * (64 KiB, or twice the declared largest frame up to 4 MiB, grown only for a frame that does not
 * fit), decodes
 * one frame at a time and hands it out in pieces of any size. Allocation-free once the window and
 * the frame arrays have reached their working size.
 *
 * <p>A failure is reported once the frames before it have been returned, and then on every later
 * call. A reader returns no more samples than STREAMINFO declares: of a frame that goes beyond,
 * only the declared ones, then CORRUPT at that frame. Not thread-safe: one caller at a time.
 * {@link #close()} is idempotent.
 */
final class FlacPcmReader implements PcmReader {

    private static final int MIN_WINDOW_BYTES = 1 << 16;
    private static final int MAX_INITIAL_WINDOW_BYTES = 1 << 22;
    /** Larger than any frame a STREAMINFO block (24-bit frame sizes) can describe. */
    private static final int MAX_FRAME_BYTES = 1 << 24;
    private static final int ID3V1_LENGTH = 128;

    private final ByteInput in;
    private final AudioInfo info;
    private final long declaredSamples;
    private final int bitsPerSample;
    private final FrameDecoder decoder;

    private byte[] window;
    /** File offset of {@code window[0]}. */
    private long windowOffset;
    private int windowStart;
    private int windowEnd;
    private boolean endOfFile;

    private long frameOffset;
    private int frameLength;
    private int frameCursor;
    private long decodedSamples;
    private AudioDecodeException failure;
    private boolean closed;

    /**
     * Creates a reader over an input positioned at the first frame; the reader owns the input.
     *
     * @param info what {@link #info()} reports
     */
    FlacPcmReader(ByteInput in, StreamInfo stream, AudioInfo info) {
        this.in = Objects.requireNonNull(in, "in");
        this.info = Objects.requireNonNull(info, "info");
        this.declaredSamples = stream.totalSamples();
        this.bitsPerSample = stream.bitsPerSample();
        this.decoder = new FrameDecoder(stream);
        this.window = new byte[Math.max(MIN_WINDOW_BYTES, Math.min(2 * stream.maxFrameSize(), MAX_INITIAL_WINDOW_BYTES))];
        this.windowOffset = in.position();
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        if (closed) {
            throw new IllegalStateException("reader is closed");
        }
        if (maxFrames < 1 || (long) maxFrames * info.channels() > dst.length) {
            throw new IllegalArgumentException("maxFrames " + maxFrames + " must be at least 1 and fit "
                    + dst.length + " samples of " + info.channels() + " channels");
        }
        if (failure != null) {
            throw failure;
        }
        int done = 0;
        while (done < maxFrames) {
            if (frameCursor == frameLength) {
                try {
                    if (!nextFrame()) {
                        break;
                    }
                } catch (AudioDecodeException e) {
                    failure = e;
                    if (done == 0) {
                        throw e;
                    }
                    break;
                }
            }
            int n = Math.min(maxFrames - done, frameLength - frameCursor);
            PcmInterleaver.interleave(decoder.samples(), frameCursor, n, bitsPerSample, dst, done);
            frameCursor += n;
            done += n;
        }
        return done == 0 ? -1 : done;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    /**
     * Decodes the next frame; returns false at a clean end of the stream.
     *
     * @throws AudioDecodeException for a bad or incomplete frame, or a sample count that
     *     disagrees with STREAMINFO
     */
    private boolean nextFrame() {
        if (declaredSamples > 0 && decodedSamples > declaredSamples) {
            throw in.error(Kind.CORRUPT, frameOffset, "frames hold more samples than the " + declaredSamples
                    + " STREAMINFO declares (" + decodedSamples + " by the end of this frame)");
        }
        if (windowEnd - windowStart < window.length / 2 && !endOfFile) {
            fill();
        }
        long offset = windowOffset + windowStart;
        if (atEnd()) {
            if (declaredSamples > 0 && decodedSamples < declaredSamples) {
                throw in.error(Kind.TRUNCATED, offset, "stream ends after " + decodedSamples + " of the "
                        + declaredSamples + " samples STREAMINFO declares");
            }
            return false;
        }
        while (true) {
            try {
                windowStart = decoder.decode(window, windowStart, windowEnd);
                break;
            } catch (FormatException e) {
                if (e != FormatException.END_OF_DATA) {
                    throw in.error(e.kind(), offset, e.getMessage());
                }
                if (endOfFile && !startsWithSyncCode()) {
                    throw in.error(Kind.CORRUPT, offset, "no frame sync code in the last "
                            + (windowEnd - windowStart) + " bytes");
                }
                if (endOfFile) {
                    throw in.error(Kind.TRUNCATED, offset, "file ends inside the frame ("
                            + (windowEnd - windowStart) + " bytes present)");
                }
                if (windowEnd - windowStart >= MAX_FRAME_BYTES) {
                    throw in.error(Kind.CORRUPT, offset, "frame exceeds " + MAX_FRAME_BYTES + " bytes");
                }
                if (windowStart == 0) {
                    window = Arrays.copyOf(window, 2 * window.length);
                }
                fill();
            }
        }
        frameOffset = offset;
        int blockSize = decoder.header().blockSize();
        frameCursor = 0;
        decodedSamples += blockSize;
        frameLength = declaredSamples > 0 && decodedSamples > declaredSamples
                ? (int) Math.max(0, declaredSamples - (decodedSamples - blockSize)) : blockSize;
        return true;
    }

    /** True when no bytes are left but, perhaps, a 128-byte ID3v1 tag. */
    private boolean atEnd() {
        int left = windowEnd - windowStart;
        return left == 0 || (endOfFile && left == ID3V1_LENGTH && window[windowStart] == 'T'
                && window[windowStart + 1] == 'A' && window[windowStart + 2] == 'G');
    }

    /** True when the unread bytes, however few, begin like a frame sync code (0xFFF8 or 0xFFF9). */
    private boolean startsWithSyncCode() {
        int left = windowEnd - windowStart;
        return (window[windowStart] & 0xFF) == 0xFF && (left < 2 || (window[windowStart + 1] & 0xFE) == 0xF8);
    }

    /** Moves the unread bytes to the front of the window and reads until it is full or the file ends. */
    private void fill() {
        int unread = windowEnd - windowStart;
        System.arraycopy(window, windowStart, window, 0, unread);
        windowOffset += windowStart;
        windowStart = 0;
        windowEnd = unread;
        int wanted = window.length - windowEnd;
        int got = in.readFully(window, windowEnd, wanted);
        windowEnd += got;
        endOfFile = got < wanted;
    }
}
