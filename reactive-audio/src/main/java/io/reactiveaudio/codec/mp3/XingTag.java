package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.audio.Mp3Details.BitrateMode;

/**
 * The Xing/Info tag that encoders put in a silent first frame, with LAME's extension: frame and
 * byte counts, and the encoder delay and padding (in samples) that gapless playback trims.
 *
 * <p>Immutable and thread-safe.
 *
 * @param info true for an "Info" tag (written for constant-bitrate files), false for "Xing"
 * @param frames audio frames in the file, the tag frame excluded, or -1 when absent or 0 (no
 *     encoder writes a tag frame for a stream without audio frames: LAME counts 1 for an empty
 *     input, so a 0 is damage, not a promise of an empty stream)
 * @param bytes bytes of audio in the file, or -1 when absent
 * @param lame true when the LAME extension (encoder string, delay, padding) is present
 * @param encoderDelay samples of encoder delay (0 without LAME extension)
 * @param padding samples of padding at the end (0 without LAME extension)
 * @param vbrMethod the LAME VBR method nibble (0 without LAME extension)
 */
record XingTag(boolean info, long frames, long bytes, boolean lame, int encoderDelay, int padding, int vbrMethod) {

    private static final int FLAG_FRAMES = 1;
    private static final int FLAG_BYTES = 2;
    private static final int FLAG_TOC = 4;
    private static final int FLAG_QUALITY = 8;
    /** Bytes of the LAME extension that hold the encoder string ... delay and padding. */
    private static final int LAME_EXTENSION_BYTES = 24;

    /**
     * Finds the tag in a complete first frame, or returns null when the frame is ordinary audio.
     *
     * <p>The tag follows the side information. In a CRC-protected frame ({@code lame -p}) LAME, and
     * FFmpeg when it reads the tag, place it as if there were no CRC (the 2 CRC bytes then stand in
     * front of the side information, whose last 2 bytes the tag overwrites); a writer that counts
     * the CRC puts it 2 bytes later. Both places are tried, LAME's first.
     *
     * @param frame the frame's bytes from its header on
     * @param length valid bytes in {@code frame}
     */
    static XingTag find(FrameHeader header, byte[] frame, int length) {
        int at = FrameHeader.BYTES + header.sideInfoBytes();
        if (!startsTag(frame, at, length) && header.hasCrc()) {
            at += FrameHeader.CRC_BYTES;
        }
        if (!startsTag(frame, at, length)) {
            return null;
        }
        boolean info = matches(frame, at, "Info");
        int flags = readInt(frame, at + 4);
        int p = at + 8;
        long frames = -1;
        long bytes = -1;
        if ((flags & FLAG_FRAMES) != 0 && p + 4 <= length) {
            long count = readInt(frame, p) & 0xFFFFFFFFL;
            frames = count == 0 ? -1 : count;
            p += 4;
        }
        if ((flags & FLAG_BYTES) != 0 && p + 4 <= length) {
            bytes = readInt(frame, p) & 0xFFFFFFFFL;
            p += 4;
        }
        p += (flags & FLAG_TOC) != 0 ? 100 : 0;
        p += (flags & FLAG_QUALITY) != 0 ? 4 : 0;
        boolean lame = p + LAME_EXTENSION_BYTES <= length && isPrintable(frame[p]);
        if (!lame) {
            return new XingTag(info, frames, bytes, false, 0, 0, 0);
        }
        int delay = ((frame[p + 21] & 0xFF) << 4) | ((frame[p + 22] & 0xFF) >>> 4);
        int padding = ((frame[p + 22] & 0x0F) << 8) | (frame[p + 23] & 0xFF);
        return new XingTag(info, frames, bytes, true, delay, padding, frame[p + 9] & 0x0F);
    }

    /** The bitrate mode the tag declares (LAME's method where present, else Info = CBR). */
    BitrateMode bitrateMode() {
        if (lame) {
            return switch (vbrMethod) {
                case 1, 8 -> BitrateMode.CBR;
                case 2, 9 -> BitrateMode.ABR;
                case 0 -> info ? BitrateMode.CBR : BitrateMode.VBR;
                default -> BitrateMode.VBR;
            };
        }
        return info ? BitrateMode.CBR : BitrateMode.VBR;
    }

    private static boolean startsTag(byte[] frame, int at, int length) {
        return at + 8 <= length && (matches(frame, at, "Xing") || matches(frame, at, "Info"));
    }

    private static boolean matches(byte[] b, int at, String id) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(byte b) {
        return b >= 0x20 && b < 0x7F;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
