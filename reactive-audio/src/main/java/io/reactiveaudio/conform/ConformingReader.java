package io.reactiveaudio.conform;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.PcmReader;

/**
 * A reader's audio conformed by a {@link Conformer} as it is read: the same samples the
 * {@link Conform} stage makes of the reader's chunks, whatever the sizes asked for (the conformer
 * is exact across pieces), and {@code ceil(n * outputRate / inputRate)} frames for {@code n}
 * read. Reads the wrapped reader {@value #INPUT_FRAMES} frames at a time. Blocking like the reader
 * it wraps; not thread-safe. Closing it closes that reader; its {@link #concealment()} is that
 * reader's.
 */
final class ConformingReader implements PcmReader {

    /** Frames read from the wrapped reader at a time. */
    static final int INPUT_FRAMES = 8192;

    private final PcmReader reader;
    private final Conformer conformer;
    private final AudioInfo info;
    private final float[] input;
    private float[] output = new float[0];
    private int outputOffset;
    private int outputFrames;
    private boolean ended;

    ConformingReader(PcmReader reader, Conformer conformer, int sampleRate) {
        this.reader = reader;
        this.conformer = conformer;
        AudioInfo in = reader.info();
        this.info = new AudioInfo(in.path(), in.codec(), sampleRate, conformer.outputChannels(),
                in.framesKnown() ? conformer.outputFrames(in.frames()) : AudioInfo.UNKNOWN_FRAMES, in.bitsPerSample(),
                in.mp3());
        this.input = new float[INPUT_FRAMES * in.channels()];
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        int channels = info.channels();
        if (maxFrames < 1 || (long) maxFrames * channels > dst.length) {
            throw new IllegalArgumentException("maxFrames " + maxFrames + " must be at least 1 and fit "
                    + dst.length + " samples of " + channels + " channels");
        }
        int done = 0;
        while (done < maxFrames) {
            if (outputFrames == 0) {
                if (ended) {
                    break;
                }
                conformNext();
                continue;
            }
            int n = Math.min(outputFrames, maxFrames - done);
            System.arraycopy(output, outputOffset * channels, dst, done * channels, n * channels);
            outputOffset += n;
            outputFrames -= n;
            done += n;
        }
        return done == 0 ? -1 : done;
    }

    /** Reads and conforms the next piece; at the reader's end, the frames the resampler held back. */
    private void conformNext() {
        int n = reader.read(input, INPUT_FRAMES);
        boolean last = n < 0;
        int frames = Math.max(n, 0);
        int room = conformer.maxOutputFrames(frames, last) * conformer.outputChannels();
        if (output.length < room) {
            output = new float[room];
        }
        outputFrames = conformer.process(input, frames, last, output);
        outputOffset = 0;
        ended = last;
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
