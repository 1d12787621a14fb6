package io.reactiveaudio.codec.wav;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import java.util.Objects;

/**
 * Reads the data chunk of one open WAV file in blocks of whole frames through a reused byte
 * buffer, converting each block with its {@link SampleFormat} kernel; {@link #skip} seeks.
 *
 * <p>When the data ends early or inside a frame, every complete frame is returned first and the
 * next {@link #read} throws {@link AudioDecodeException.Kind#TRUNCATED} at the offset where the data
 * ends. Blocks on file I/O: call on a bounded-elastic thread. Not thread-safe.
 */
final class WavPcmReader implements PcmReader {

    private static final int BUFFER_BYTES = 1 << 16;

    private final ByteInput in;
    private final WavHeader header;
    private final AudioInfo info;
    private final SampleFormat format;
    private final int channels;
    private final int blockAlign;
    private final int bufferFrames;
    private final byte[] buffer;
    private long frame;
    private boolean closed;

    /** Takes ownership of {@code in} and positions it at the first sample. */
    WavPcmReader(ByteInput in, WavHeader header) {
        this.in = in;
        this.header = header;
        this.info = header.info(in);
        this.format = header.fmt().format();
        this.channels = header.fmt().channels();
        this.blockAlign = header.fmt().blockAlign();
        this.bufferFrames = Math.max(1, BUFFER_BYTES / blockAlign);
        this.buffer = new byte[bufferFrames * blockAlign];
        in.seek(header.dataOffset());
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        Objects.requireNonNull(dst, "dst");
        if (maxFrames < 1 || dst.length < (long) maxFrames * channels) {
            throw new IllegalArgumentException("need 1 <= maxFrames and maxFrames * " + channels + " <= "
                    + dst.length + ": maxFrames = " + maxFrames);
        }
        ensureOpen();
        long left = header.frames() - frame;
        if (left == 0) {
            if (header.truncated()) {
                throw header.truncation(in);
            }
            return -1;
        }
        int frames = (int) Math.min(maxFrames, left);
        for (int done = 0; done < frames; ) {
            int n = Math.min(frames - done, bufferFrames);
            int bytes = n * blockAlign;
            long at = in.position();
            int got = in.readFully(buffer, 0, bytes);
            if (got < bytes) {
                throw in.error(AudioDecodeException.Kind.TRUNCATED, at + got, "file shrank while being read");
            }
            format.decode(buffer, dst, done * channels, n * channels);
            done += n;
        }
        frame += frames;
        return frames;
    }

    @Override
    public long skip(long frames) {
        ensureOpen();
        if (frames <= 0) {
            return 0;
        }
        long n = Math.min(frames, header.frames() - frame);
        frame += n;
        in.seek(header.dataOffset() + frame * blockAlign);
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reader is closed: " + in.path());
        }
    }
}
