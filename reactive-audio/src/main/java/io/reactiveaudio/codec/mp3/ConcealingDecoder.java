package io.reactiveaudio.codec.mp3;

import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;

/**
 * Decodes a clean stream of MPEG frames (no tags, no garbage) one frame at a time through JLayer's
 * float path (with its 24 kHz table corrected: {@link CorrectedJlayerDecoder}), and conceals the
 * frames it cannot decode instead of failing.
 *
 * <p>A frame JLayer throws on (damaged data sends its Huffman decoding out of its tables, or
 * divides by zero) becomes a frame of silence, and decoding starts afresh with a new JLayer
 * decoder on the next frame. A frame for which JLayer emits nothing because its bit reservoir
 * refers to bytes before the start of the stream (a stream cut out of a longer one) becomes
 * silence too. Either way the output keeps one frame of samples per MPEG frame, and
 * {@link #concealedFrames()} counts them. Not thread-safe.
 */
final class ConcealingDecoder {

    private final Bitstream bitstream;
    private final FloatFrameBuffer buffer;
    private final int samplesPerFrame;
    private Decoder decoder;
    private long concealedFrames;

    /**
     * @param frames the frames, back to back
     * @param channels channels of the stream
     * @param samplesPerFrame samples per channel of each frame (1152 for MPEG-1, else 576)
     */
    ConcealingDecoder(InputStream frames, int channels, int samplesPerFrame) {
        this.bitstream = new Bitstream(frames);
        this.buffer = new FloatFrameBuffer(channels);
        this.samplesPerFrame = samplesPerFrame;
        this.decoder = newDecoder(buffer);
    }

    /**
     * Decodes the next frame into {@link #buffer()}, or puts a frame of silence there when it does
     * not decode or decodes to nothing.
     *
     * @return false at the end of the stream
     */
    boolean next() {
        boolean decoded;
        try {
            Header header = bitstream.readFrame();
            if (header == null) {
                return false;
            }
            decoder.decodeFrame(header, bitstream);
            decoded = buffer.frames() > 0;
        } catch (BitstreamException | DecoderException | RuntimeException e) {
            decoder = newDecoder(buffer);
            decoded = false;
        } finally {
            bitstream.closeFrame();
        }
        if (!decoded) {
            buffer.silence(samplesPerFrame);
            concealedFrames++;
        }
        return true;
    }

    /** The samples of the last frame {@link #next()} decoded or concealed. */
    FloatFrameBuffer buffer() {
        return buffer;
    }

    /** Frames replaced by silence so far. */
    long concealedFrames() {
        return concealedFrames;
    }

    /** Sample frames of silence put in their place so far. */
    long silentFrames() {
        return concealedFrames * samplesPerFrame;
    }

    private static Decoder newDecoder(FloatFrameBuffer buffer) {
        Decoder decoder = new CorrectedJlayerDecoder();
        decoder.setOutputBuffer(buffer);
        return decoder;
    }
}
