package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoder;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.PcmReader;
import java.util.Optional;

/**
 * MPEG-1, 2 and 2.5 Layer III decoder on JLayer's synthesis filter, corrected where JLayer alone
 * is wrong: float output at full scale 1.0 (not clipped 16-bit at 32700/32768), the Xing/Info
 * frame not emitted as audio, and encoder delay and padding from the LAME tag trimmed (gapless),
 * so output matches {@code mpg123 --float} sample for sample.
 *
 * <p>ID3v2 (at the start, skipped by seeking), ID3v1, APE and Lyrics3 tags are skipped; garbage
 * between frames, and a tag whose header is damaged, is passed over; a frame that does not decode
 * becomes a frame of silence (see {@link PcmReader#concealment()}). Stateless and thread-safe.
 */
public final class Mp3Decoder implements AudioDecoder {

    @Override
    public Codec codec() {
        return Codec.MP3;
    }

    /**
     * A Layer III frame header followed by another at the distance its frame size gives (so random
     * bytes that happen to start with 0xFFE are not taken for MP3), or a lone header at offset 0.
     */
    @Override
    public boolean sniff(byte[] head, int length) {
        for (int at = 0; at + 4 <= length; at++) {
            FrameHeader h = FrameHeader.parse(word(head, at));
            if (h != null) {
                int next = at + h.frameBytes();
                if (next + 4 > length) {
                    return at == 0;
                }
                FrameHeader following = FrameHeader.parse(word(head, next));
                if (following != null && following.sameStreamAs(h)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public AudioInfo probe(ByteInput in) {
        return Mp3Probe.full(in).info();
    }

    /**
     * Reads the headers as {@link #probe} does and says where the frames lie, for a backend that
     * decodes them with another decoder (FFmpeg) and must start where this decoder starts: at the
     * first frame its scanner accepts, so that the Xing/Info frame comes first whatever precedes
     * it (tags, a damaged tag, garbage). Blocks on file I/O; the input is not closed.
     *
     * @throws AudioDecodeException as {@link #probe}
     */
    public Layout layout(ByteInput in) {
        Mp3Probe probe = Mp3Probe.full(in);
        return new Layout(probe.info(), probe.firstFrame(), probe.scanner().audioEnd());
    }

    /**
     * Walks every frame header of the file (no decoding) and returns the TRUNCATED error of a
     * file that ends inside a frame, the same error this decoder's reader raises after the
     * complete frames; empty when the file ends after a complete frame. Tells a file cut short
     * from one whose headers merely promise more frames than it holds. Blocks on file I/O; the
     * input is not closed.
     */
    public Optional<AudioDecodeException> cutOff(ByteInput in) {
        FrameScanner scanner = new FrameScanner(in);
        try {
            scanner.walkToEnd();
            return Optional.empty();
        } catch (AudioDecodeException e) {
            return e.kind() == AudioDecodeException.Kind.TRUNCATED ? Optional.of(e) : Optional.empty();
        }
    }

    /**
     * Where the MPEG frames of a file lie (byte offsets from the start of the file), and what its
     * headers say.
     *
     * @param info what {@link #probe} returns
     * @param firstFrame offset of the first frame: the Xing/Info frame where there is one
     * @param audioEnd offset where the audio ends: the file size less trailing ID3v1, APE, Lyrics3
     *     and ID3v2-footer tags
     */
    public record Layout(AudioInfo info, long firstFrame, long audioEnd) {
    }

    /**
     * The length in bytes of the MPEG Layer III frame whose 4-byte header is {@code header} (big
     * endian, as in the file), or -1 when those bytes are not such a header. For other backends
     * that meet MP3 frames, such as FFmpeg's packets. Stateless.
     */
    public static int frameBytes(int header) {
        FrameHeader parsed = FrameHeader.parse(header);
        return parsed == null ? -1 : parsed.frameBytes();
    }

    @Override
    public PcmReader open(ByteInput in) {
        try {
            return new Mp3PcmReader(in, Mp3Probe.start(in));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
