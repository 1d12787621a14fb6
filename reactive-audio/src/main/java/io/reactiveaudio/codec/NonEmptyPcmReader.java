package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;

/**
 * Makes a file that decodes to nothing fail with {@link AudioDecodeException.Kind#EMPTY} instead
 * of ending cleanly, unless its headers declare it empty ({@link AudioInfo#frames()} is 0: a WAV
 * whose only data chunk is empty, a FLAC stream of 0 samples). So no backend turns a damaged file
 * into a success with no audio in it. Not thread-safe, like the reader it wraps; closing it
 * closes that reader.
 */
final class NonEmptyPcmReader implements PcmReader {

    private final PcmReader reader;
    private boolean delivered;

    NonEmptyPcmReader(PcmReader reader) {
        this.reader = reader;
    }

    @Override
    public AudioInfo info() {
        return reader.info();
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        int n = reader.read(dst, maxFrames);
        if (n > 0) {
            delivered = true;
        } else if (!delivered && !declaredEmpty()) {
            delivered = true;
            throw new AudioDecodeException(info().path(), AudioDecodeException.Kind.EMPTY,
                    AudioDecodeException.UNKNOWN_OFFSET, "the file decodes to no audio"
                    + (info().framesKnown() ? " (its headers give " + info().frames() + " frames)" : ""));
        }
        return n;
    }

    @Override
    public long skip(long frames) {
        long skipped = reader.skip(frames);
        delivered |= skipped > 0;
        return skipped;
    }

    @Override
    public Concealment concealment() {
        return reader.concealment();
    }

    @Override
    public void close() {
        reader.close();
    }

    private boolean declaredEmpty() {
        return info().framesKnown() && info().frames() == 0;
    }
}
