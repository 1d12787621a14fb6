package io.reactiveaudio.codec;

import io.reactiveaudio.audio.AudioInfo;
import java.io.Closeable;

/**
 * Pulls decoded audio from one open file as interleaved float32 samples at full scale 1.0.
 *
 * <p>Decoding is incremental: each {@link #read} decodes only what it returns, so a long file is
 * never held whole. Methods block on file I/O: call them on a bounded-elastic thread. Not
 * thread-safe: one caller at a time. {@link #close()} is idempotent and closes the file.
 */
public interface PcmReader extends Closeable {

    /**
     * The stream's properties. {@link AudioInfo#frames()} is the count the headers give, or
     * {@link AudioInfo#UNKNOWN_FRAMES} where they give none. It is what an intact file decodes to,
     * and readers never return more; but it is a hint, not a promise: a reader whose data ends
     * sooner ends there, and fails with TRUNCATED only where the file's structure shows that it
     * was cut (inside an MPEG frame, a FLAC frame, a WAV data chunk), or where the format defines
     * the count as exact (FLAC STREAMINFO, MP4 sample tables).
     */
    AudioInfo info();

    /**
     * Decodes up to {@code maxFrames} frames into {@code dst} starting at index 0, interleaved
     * (frame {@code i}, channel {@code c} at {@code i * channels + c}).
     *
     * @param dst destination, at least {@code maxFrames * channels} long
     * @param maxFrames the most frames to decode, at least 1
     * @return frames decoded (at least 1), or -1 at the end of the stream
     * @throws AudioDecodeException when the data is corrupt, truncated or unreadable; frames
     *     returned by earlier calls are valid
     */
    int read(float[] dst, int maxFrames);

    /**
     * Skips up to {@code frames} frames. The default decodes and discards; readers that can seek
     * override it.
     *
     * @return the number of frames skipped, less than asked only at the end of the stream
     */
    default long skip(long frames) {
        if (frames <= 0) {
            return 0;
        }
        int chunk = (int) Math.min(frames, 4096);
        float[] scratch = new float[chunk * info().channels()];
        long done = 0;
        while (done < frames) {
            int n = read(scratch, (int) Math.min(chunk, frames - done));
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /**
     * What this reader has concealed so far (bytes skipped, units replaced by silence); final once
     * {@link #read} has returned -1. The default, for readers that never conceal, is
     * {@link Concealment#NONE}.
     */
    default Concealment concealment() {
        return Concealment.NONE;
    }

    /** Closes the file. */
    @Override
    void close();
}
