package io.reactiveaudio.codec.mp3;

import java.lang.reflect.Field;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.FrameDecoder;
import javazoom.jl.decoder.Header;

/**
 * JLayer's decoder with its one wrong scale-factor band table corrected: the long-block bands of
 * MPEG-2 at 24 kHz (ISO/IEC 13818-3 table B.2) end band 17 at line 332, where JLayer (like early
 * mpg123, from which its tables come) has 330. Every 24 kHz file that codes energy in bands 17 and
 * 18 decoded about 60 dB off what mpg123 and FFmpeg give (worse where a chirp passes through those
 * bands); all other rates' tables are right.
 *
 * <p>JLayer makes its Layer III decoder, with its own copy of the tables, on the first frame;
 * {@link #retrieveDecoder} corrects that copy before the frame is decoded. The table is private to
 * JLayer, so it is reached by reflection (JLayer on the class path, or as an automatic module,
 * opens it), looked up once; where it cannot be (another JLayer than the 1.0.1 this code is built
 * for), the constructor throws an {@link IllegalStateException} saying so, so that opening an MP3
 * fails rather than decoding 24 kHz files wrong. Not thread-safe, as JLayer's {@code Decoder}.
 */
final class CorrectedJlayerDecoder extends Decoder {

    /** JLayer's index of MPEG-2 at 24 kHz in its table of scale-factor bands (22.05, 24, 16 kHz, then MPEG-1). */
    private static final int MPEG2_24KHZ = 1;
    /** The long-block band boundary JLayer has wrong. */
    private static final int BAND = 18;
    private static final int WRONG = 330;
    private static final int RIGHT = 332;

    /** {@code LayerIIIDecoder.sfBandIndex} and {@code LayerIIIDecoder.SBI.l}, or null where missing. */
    private static final Field BANDS;
    private static final Field LONG_BLOCKS;
    /** Why the fields could not be reached, or null. */
    private static final String UNREACHABLE;

    static {
        Field bands = null;
        Field longBlocks = null;
        String unreachable = null;
        try {
            bands = Class.forName("javazoom.jl.decoder.LayerIIIDecoder").getDeclaredField("sfBandIndex");
            longBlocks = Class.forName("javazoom.jl.decoder.LayerIIIDecoder$SBI").getDeclaredField("l");
            bands.setAccessible(true);
            longBlocks.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unreachable = e.toString();
        }
        BANDS = bands;
        LONG_BLOCKS = longBlocks;
        UNREACHABLE = unreachable;
    }

    private FrameDecoder corrected;

    /**
     * A decoder whose Layer III tables will be corrected.
     *
     * @throws IllegalStateException where JLayer's tables cannot be reached
     */
    CorrectedJlayerDecoder() {
        if (UNREACHABLE != null) {
            throw new IllegalStateException("cannot correct JLayer's 24 kHz scale-factor bands "
                    + "(reactive-audio needs javazoom:jlayer:1.0.1): " + UNREACHABLE);
        }
    }

    @Override
    protected FrameDecoder retrieveDecoder(Header header, Bitstream stream, int layer) throws DecoderException {
        FrameDecoder decoder = super.retrieveDecoder(header, stream, layer);
        if (layer == 3 && decoder != corrected) {
            correct(decoder);
            corrected = decoder;
        }
        return decoder;
    }

    /** Sets the wrong boundary of a JLayer {@code LayerIIIDecoder}'s own 24 kHz table to 332. */
    private static void correct(FrameDecoder layer3) {
        try {
            int[] boundaries = (int[]) LONG_BLOCKS.get(((Object[]) BANDS.get(layer3))[MPEG2_24KHZ]);
            if (boundaries[BAND] == WRONG) {
                boundaries[BAND] = RIGHT;
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("JLayer's scale-factor bands were made accessible: " + e, e);
        }
    }
}
