package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;

/**
 * Decodes an MP3 file frame by frame through JLayer's float path, trimming the encoder delay and
 * padding a LAME tag declares (gapless, like mpg123).
 *
 * <p>With a LAME tag, output starts {@code encoderDelay + 529} samples into the decoded stream
 * (529 = the decoder's own delay) and holds exactly {@code frames * samplesPerFrame - delay -
 * padding} frames. Without one, every decoded sample is returned. Not thread-safe.
 */
final class Mp3PcmReader implements PcmReader {

    /** Delay of the Layer III decoder (MDCT overlap and synthesis filter bank), in samples. */
    static final int DECODER_DELAY = 529;

    private final ByteInput in;
    private final AudioInfo info;
    private final FrameInputStream frames;
    private final Bitstream bitstream;
    private final Decoder decoder;
    private final FloatFrameBuffer buffer;
    private final int channels;
    private long toSkip;
    private long toEmit;
    private long decodedFrames;
    private int pending;
    private int pendingOffset;
    private boolean ended;
    private boolean closed;

    Mp3PcmReader(ByteInput in, Mp3Probe probe) {
        this.in = in;
        this.info = probe.info();
        this.channels = info.channels();
        this.frames = new FrameInputStream(probe.scanner(), !probe.firstFrameIsTag());
        this.bitstream = new Bitstream(frames);
        this.buffer = new FloatFrameBuffer(channels);
        this.decoder = new Decoder();
        this.decoder.setOutputBuffer(buffer);
        boolean gapless = probe.details().gapless();
        this.toSkip = gapless ? probe.details().encoderDelay() + (long) DECODER_DELAY : 0;
        this.toEmit = info.framesKnown() && gapless ? info.frames() : Long.MAX_VALUE;
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        if (closed) {
            throw new IllegalStateException("reader closed: " + info.path());
        }
        if (maxFrames < 1 || (long) maxFrames * channels > dst.length) {
            throw new IllegalArgumentException("maxFrames " + maxFrames + " must be at least 1 and fit "
                    + dst.length + " samples of " + channels + " channels");
        }
        int done = 0;
        while (done < maxFrames && toEmit > 0) {
            if (pending == 0 && !decodeFrame()) {
                break;
            }
            int n = (int) Math.min(Math.min(pending, maxFrames - done), toEmit);
            System.arraycopy(buffer.samples(), pendingOffset * channels, dst, done * channels, n * channels);
            pendingOffset += n;
            pending -= n;
            toEmit -= n;
            done += n;
        }
        if (done == 0) {
            AudioDecodeException problem = frames.deferred();
            if (problem != null && ended) {
                throw problem;
            }
            return -1;
        }
        return done;
    }

    /** Decodes the next MPEG frame into the buffer, dropping the samples still to skip. */
    private boolean decodeFrame() {
        while (true) {
            if (ended) {
                return false;
            }
            Header header;
            try {
                header = bitstream.readFrame();
                if (header == null) {
                    ended = true;
                    return false;
                }
                decoder.decodeFrame(header, bitstream);
                bitstream.closeFrame();
            } catch (BitstreamException | javazoom.jl.decoder.DecoderException | RuntimeException e) {
                if (e instanceof AudioDecodeException ade) {
                    throw ade;
                }
                throw new AudioDecodeException(info.path(), Kind.CORRUPT, frames.offsetOfFrame(decodedFrames),
                        "MPEG frame " + decodedFrames + " does not decode: " + e, e);
            }
            decodedFrames++;
            int n = buffer.frames();
            int skip = (int) Math.min(toSkip, n);
            toSkip -= skip;
            if (n > skip) {
                pendingOffset = skip;
                pending = n - skip;
                return true;
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
