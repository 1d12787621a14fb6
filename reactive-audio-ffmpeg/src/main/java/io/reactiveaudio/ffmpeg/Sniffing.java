package io.reactiveaudio.ffmpeg;

import java.nio.charset.StandardCharsets;

/** Recognises the containers FFmpeg reads for reactive-audio by their first bytes. Stateless. */
final class Sniffing {

    private static final byte[] OGG = ascii("OggS");
    private static final byte[] FTYP = ascii("ftyp");
    /** Offset of the page segment count in an Ogg page header. */
    private static final int OGG_SEGMENTS = 26;

    private Sniffing() {
    }

    /** An Ogg page whose first packet starts with {@code magic} ({@code "OpusHead"}, {@code "\1vorbis"}). */
    static boolean oggWith(byte[] head, int length, String magic) {
        if (!startsWith(head, length, 0, OGG) || length <= OGG_SEGMENTS) {
            return false;
        }
        int packet = OGG_SEGMENTS + 1 + (head[OGG_SEGMENTS] & 0xFF);
        return startsWith(head, length, packet, magic.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An ISO base media file (MP4, M4A): a {@code ftyp} box first. */
    static boolean mp4(byte[] head, int length) {
        return startsWith(head, length, 4, FTYP);
    }

    /**
     * An ADTS stream (raw AAC): a sync word with layer 0, followed by another at the distance the
     * first frame's length gives (or a lone header when the head ends first).
     */
    static boolean adts(byte[] head, int length) {
        if (!adtsHeader(head, length, 0)) {
            return false;
        }
        int frameBytes = ((head[3] & 0x03) << 11) | ((head[4] & 0xFF) << 3) | ((head[5] & 0xE0) >>> 5);
        if (frameBytes < 7) {
            return false;
        }
        return frameBytes + 7 > length || adtsHeader(head, length, frameBytes);
    }

    private static boolean adtsHeader(byte[] head, int length, int at) {
        return at + 7 <= length && (head[at] & 0xFF) == 0xFF && (head[at + 1] & 0xF6) == 0xF0;
    }

    private static boolean startsWith(byte[] head, int length, int at, byte[] magic) {
        if (at + magic.length > length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[at + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
