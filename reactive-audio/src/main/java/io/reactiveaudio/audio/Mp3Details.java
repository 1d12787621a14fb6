package io.reactiveaudio.audio;

/**
 * MPEG audio details of an MP3 file, from its first frame header and its Xing/Info and LAME tags.
 *
 * @param mpegVersion "1", "2" or "2.5"
 * @param layer 3 for Layer III
 * @param bitrateMode constant, variable or average bitrate
 * @param bitrateKbps the constant bitrate, or the average over the file where the tag gives the
 *     byte and frame counts (kbit/s), or 0 when unknown
 * @param encoderDelay samples the encoder added in front (LAME tag), trimmed by the decoder;
 *     0 without a LAME tag
 * @param padding samples the encoder added at the end (LAME tag), trimmed by the decoder;
 *     0 without a LAME tag
 * @param gapless true when a LAME tag gave delay and padding, so output is trimmed to the
 *     original length
 * @param mpegFrames number of audio frames (the Xing/Info frame excluded), or -1 when unknown
 */
public record Mp3Details(String mpegVersion, int layer, BitrateMode bitrateMode, int bitrateKbps,
                         int encoderDelay, int padding, boolean gapless, long mpegFrames) {

    /** How the bitrate varies across frames. */
    public enum BitrateMode {
        /** Every frame has the same bitrate. */
        CBR,
        /** Bitrate chosen per frame for constant quality. */
        VBR,
        /** Bitrate varies around a target average. */
        ABR
    }
}
