package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.PcmReader;

/**
 * Decodes an MP3 file frame by frame through JLayer's float path, trimming the encoder delay and
 * padding a LAME tag declares (gapless, like mpg123).
 *
 * <p>With a LAME tag, output starts {@code encoderDelay + 529} samples into the decoded stream
 * (529 = the decoder's own delay) and holds at most {@code frames * samplesPerFrame - delay -
 * max(padding, 529)} frames. Without one, every decoded sample is returned, up to the
 * {@code frames * samplesPerFrame} of a Xing/Info frame count where there is one: no reader
 * returns more frames than its headers count (as the FFmpeg backend, which stops there too).
 *
 * <p>A frame that does not decode, or decodes to nothing, is concealed with a frame of silence
 * ({@link ConcealingDecoder}), so the output keeps its length; {@link #concealment()} counts such
 * frames and the bytes the frame scanner passed over, and places each in the file and the output.
 * Not thread-safe.
 */
final class Mp3PcmReader implements PcmReader {

    /** Delay of the Layer III decoder (MDCT overlap and synthesis filter bank), in samples. */
    static final int DECODER_DELAY = 529;

    private final ByteInput in;
    private final AudioInfo info;
    private final FrameInputStream frames;
    private final ConcealingDecoder decoder;
    private final FloatFrameBuffer buffer;
    private final int channels;
    private final DamageLog damage;
    private final int samplesPerFrame;
    /** Index, in the file's frames, of the first the decoder reads (1 after an Info/Xing frame). */
    private final long firstAudioUnit;
    private final long trimmed;
    /** Frames the decoder has read so far. */
    private long decodedUnits;
    private long toSkip;
    private long toEmit;
    private int pending;
    private int pendingOffset;
    private boolean ended;
    private boolean closed;

    Mp3PcmReader(ByteInput in, Mp3Probe probe) {
        this.in = in;
        this.info = probe.info();
        this.channels = info.channels();
        this.frames = new FrameInputStream(probe.scanner(), !probe.firstFrameIsTag());
        this.samplesPerFrame = probe.scanner().header().samplesPerFrame();
        this.decoder = new ConcealingDecoder(frames, channels, samplesPerFrame);
        this.buffer = decoder.buffer();
        this.damage = probe.scanner().damage();
        this.firstAudioUnit = probe.firstFrameIsTag() ? 1 : 0;
        boolean gapless = probe.details().gapless();
        this.trimmed = gapless ? probe.details().encoderDelay() + (long) DECODER_DELAY : 0;
        this.toSkip = trimmed;
        this.toEmit = info.framesKnown() ? info.frames() : Long.MAX_VALUE;
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
            long concealedBefore = decoder.concealedFrames();
            if (ended || !decoder.next()) {
                ended = true;
                return false;
            }
            if (decoder.concealedFrames() > concealedBefore && frames.offsetOf(decodedUnits) >= 0) {
                long offset = frames.offsetOf(decodedUnits);
                damage.concealed(offset, offset + frames.lengthOf(decodedUnits), firstAudioUnit + decodedUnits);
            }
            decodedUnits++;
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
    public Concealment concealment() {
        return new Concealment(frames.skippedBytes(), decoder.concealedFrames(), decoder.silentFrames(),
                damage.regions(samplesPerFrame, firstAudioUnit, trimmed,
                        info.framesKnown() ? info.frames() : Long.MAX_VALUE));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
