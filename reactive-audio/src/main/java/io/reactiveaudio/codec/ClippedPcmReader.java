package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;

/**
 * A reader limited to part of another: starts {@code offsetFrames} in and returns at most
 * {@code maxFrames}. Used for manifest items with {@code offset_s}/{@code duration_s}.
 * Not thread-safe, like the reader it wraps; closing it closes that reader.
 */
final class ClippedPcmReader implements PcmReader {

    private final PcmReader reader;
    private final AudioInfo info;
    private long toSkip;
    private long left;

    ClippedPcmReader(PcmReader reader, long offsetFrames, long maxFrames) {
        this.reader = reader;
        this.toSkip = offsetFrames;
        this.left = maxFrames;
        AudioInfo whole = reader.info();
        this.info = whole.framesKnown()
                ? whole.withFrames(Math.max(0, Math.min(maxFrames, whole.frames() - offsetFrames)))
                : whole;
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        if (toSkip > 0) {
            long skipped = reader.skip(toSkip);
            if (skipped < toSkip) {
                throw new AudioDecodeException(info.path(), AudioDecodeException.Kind.EMPTY,
                        AudioDecodeException.UNKNOWN_OFFSET, "clip starts at frame " + toSkip
                        + ", beyond the end of the file (" + skipped + " frames)");
            }
            toSkip = 0;
        }
        if (left <= 0) {
            return -1;
        }
        int n = reader.read(dst, (int) Math.min(maxFrames, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public Concealment concealment() {
        return reader.concealment();
    }

    @Override
    public void close() {
        reader.close();
    }
}
