package io.reactiveaudio.codec.mp3;

import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecodeException.Kind;
import io.reactiveaudio.codec.ByteInput;
import io.reactiveaudio.codec.Id3v2Tag;
import java.nio.charset.StandardCharsets;

/**
 * Walks the Layer III frames of an MP3 file: skips ID3v2, ID3v1, APE and Lyrics3 tags,
 * resynchronises after garbage between frames, and reports a frame cut off by the end of the file.
 *
 * <p>A frame is accepted when the next header (or the end of the audio) confirms it. The first
 * frame, and any frame found after garbage, must be confirmed; later, a frame right after the
 * previous one is also accepted unconfirmed (a real frame followed by garbage) unless a confirmed
 * header starts inside it (it was a fake header in the garbage). The stream's version, sample
 * rate and channel count must stay the same. An {@code "ID3"} whose header is not valid (a size
 * that is not syncsafe, such as {@code FF FF FF FF}) is garbage like any other: the scan
 * resynchronises on the next confirmed frame and counts the bytes in {@link #skippedBytes()}.
 * Every step moves forward, so a scan ends on any input. Not thread-safe: one scanner per open file.
 */
final class FrameScanner {

    /** Largest possible Layer III frame: 320 kbit/s at 32 kHz (or 160 kbit/s at 8 kHz), padded. */
    static final int MAX_FRAME_BYTES = 1441;

    private final ByteInput in;
    private final long audioEnd;
    private final byte[] word = new byte[10];
    private final byte[] frame = new byte[MAX_FRAME_BYTES];
    private long position;
    private FrameHeader stream;
    private FrameHeader header;
    private long frameOffset = -1;
    private int frameLength;
    private long skippedBytes;
    private final DamageLog damage = new DamageLog();
    /** Frames taken so far: the index of the next one. */
    private long units;
    /** Offset of the frame whose bytes {@link #frame} holds, or -1. */
    private long frameReadAt = -1;

    /** Positions the scanner after the leading tags of the file {@code in} reads. */
    FrameScanner(ByteInput in) {
        this.in = in;
        this.audioEnd = findAudioEnd(in);
        this.position = skipLeadingTags(in, 0);
    }

    /**
     * Moves to the next frame, reading its bytes when {@code readBody} (else only its header).
     *
     * @return false at the end of the audio
     * @throws AudioDecodeException TRUNCATED when the file ends inside a frame, UNSUPPORTED when
     *     the stream is Layer I/II or free format, CORRUPT/EMPTY when no frame is found at all
     */
    boolean next(boolean readBody) {
        long start = position;
        while (position + FrameHeader.BYTES <= audioEnd) {
            int w = peekWord(position);
            FrameHeader h = FrameHeader.parse(w);
            if (h != null && (stream == null || h.sameStreamAs(stream))) {
                if (readBody ? readAndConfirm(h) : confirmed(position, h)) {
                    return take(h, readBody);
                }
                if (stream != null && position == start) {
                    long real = confirmedHeaderWithin(position + 1, position + h.frameBytes());
                    if (real < 0) {
                        return take(h, readBody);
                    }
                    skip(position, real);
                    position = real;
                    continue;
                }
            }
            long afterTags = isId3v2(position) ? skipLeadingTags(in, position) : position;
            if (afterTags > position) {
                position = afterTags;
                continue;
            }
            if (stream == null && position == start && (FrameHeader.looksLikeOtherLayer(w) || isFreeFormat(w))) {
                throw in.error(Kind.UNSUPPORTED, position, FrameHeader.looksLikeOtherLayer(w)
                        ? "MPEG Layer I/II audio (only Layer III is decoded)" : "free-format MPEG bitrate");
            }
            position = resync(position + 1);
        }
        skip(position, audioEnd);
        position = audioEnd;
        if (stream == null) {
            throw in.error(audioEnd == 0 || in.size() == 0 ? Kind.EMPTY : Kind.CORRUPT, start,
                    audioEnd == 0 ? "no bytes" : "no MPEG Layer III frame found");
        }
        return false;
    }

    /**
     * Moves over every remaining frame, reading headers only, to the end of the audio.
     *
     * @throws AudioDecodeException as {@link #next}: TRUNCATED when the last frame is cut off
     */
    void walkToEnd() {
        boolean more = true;
        while (more) {
            more = next(false);
        }
    }

    /** Header of the current frame. */
    FrameHeader header() {
        return header;
    }

    /** The current frame's bytes (header included); valid up to {@link #frameLength()}. */
    byte[] frame() {
        return frame;
    }

    /** Length of the current frame in bytes. */
    int frameLength() {
        return frameLength;
    }

    /** Byte offset of the current frame in the file. */
    long frameOffset() {
        return frameOffset;
    }

    /** Byte offset where the audio ends: the file size less the trailing tags. */
    long audioEnd() {
        return audioEnd;
    }

    /** Bytes passed over as garbage so far. */
    long skippedBytes() {
        return skippedBytes;
    }

    /** Where the bytes passed over so far lie; the decoder adds the frames it concealed. */
    DamageLog damage() {
        return damage;
    }

    private void skip(long from, long to) {
        if (to > from) {
            skippedBytes += to - from;
            damage.skipped(from, to, units);
        }
    }

    private boolean take(FrameHeader h, boolean readBody) {
        int size = h.frameBytes();
        if (position + size > audioEnd) {
            long at = position;
            position = audioEnd;
            throw in.error(Kind.TRUNCATED, at, "MPEG frame of " + size + " bytes cut off after "
                    + (audioEnd - at) + " bytes");
        }
        if (readBody && frameReadAt != position) {
            in.seek(position);
            in.readFully(frame, 0, size);
        }
        stream = stream == null ? h : stream;
        header = h;
        frameOffset = position;
        frameLength = size;
        position += size;
        units++;
        return true;
    }

    /**
     * Like {@link #confirmed} for the frame at the current position, but reads the frame first and
     * then peeks at the header after it, so the common case never seeks backwards.
     */
    private boolean readAndConfirm(FrameHeader h) {
        int size = h.frameBytes();
        long next = position + size;
        if (next >= audioEnd) {
            return true;
        }
        if (next + FrameHeader.BYTES > audioEnd) {
            return false;
        }
        in.seek(position);
        in.readFully(frame, 0, size);
        frameReadAt = position;
        if (in.peek(word, 0, 4) < 4) {
            return false;
        }
        FrameHeader following = FrameHeader.parse(toWord(word));
        return following != null && following.sameStreamAs(h);
    }

    /** Whether the header at {@code at} is followed by a matching header or the end of the audio. */
    private boolean confirmed(long at, FrameHeader h) {
        long next = at + h.frameBytes();
        if (next >= audioEnd) {
            return true;
        }
        if (next + FrameHeader.BYTES > audioEnd) {
            return false;
        }
        FrameHeader following = FrameHeader.parse(peekWord(next));
        return following != null && following.sameStreamAs(h);
    }

    /**
     * Where a confirmed header of the stream starts in {@code [from, to)}, or -1. A frame that is
     * not followed by a header is real (followed by garbage) unless such a header starts inside
     * it, in which case it was a fake header in garbage.
     */
    private long confirmedHeaderWithin(long from, long to) {
        for (long p = from; p < to && p + FrameHeader.BYTES <= audioEnd; p++) {
            FrameHeader h = FrameHeader.parse(peekWord(p));
            if (h != null && h.sameStreamAs(stream) && confirmed(p, h)) {
                return p;
            }
        }
        return -1;
    }

    /** Scans forward for the next position holding 0xFF followed by a sync byte. */
    private long resync(long from) {
        long p = from;
        while (p + FrameHeader.BYTES <= audioEnd) {
            int w = peekWord(p);
            if ((w & 0xFFE00000) == 0xFFE00000 || (w >>> 8) == 0x494433) {
                break;
            }
            p++;
        }
        skip(from - 1, p);
        return p;
    }

    private boolean isId3v2(long at) {
        return at + 10 <= audioEnd && (peekWord(at) >>> 8) == 0x494433;
    }

    private static boolean isFreeFormat(int w) {
        return (w & 0xFFE00000) == 0xFFE00000 && ((w >>> 17) & 3) == 1 && ((w >>> 12) & 15) == 0;
    }

    private int peekWord(long at) {
        in.seek(at);
        if (in.peek(word, 0, 4) < 4) {
            return 0;
        }
        return toWord(word);
    }

    private static int toWord(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /** Skips consecutive ID3v2 tags and an APE header starting at {@code at}, by seeking. */
    private static long skipLeadingTags(ByteInput in, long at) {
        byte[] b = new byte[32];
        long p = at;
        while (true) {
            in.seek(p);
            int n = in.peek(b, 0, 32);
            long tag = Id3v2Tag.length(b, 0, n);
            if (tag >= 0) {
                p += tag;
            } else if (n >= 32 && ascii(b, 0, 8).equals("APETAGEX")) {
                p += 32 + le32(b, 12);
            } else {
                return p;
            }
        }
    }

    /**
     * End of the audio: the file size minus trailing ID3v1, APE, Lyrics3v2 and ID3v2 footer tags.
     * A tag counts only when the length it declares lies within the file and covers at least its
     * own footer, so each one found moves the end back and the walk ends on any input (an APE
     * footer declaring 0 bytes once made it loop forever); bytes of a footer that does not count
     * are garbage to the frame scan.
     */
    private static long findAudioEnd(ByteInput in) {
        long end = in.size();
        byte[] b = new byte[32];
        boolean found = true;
        while (found && end > 0) {
            found = false;
            if (end >= 128 && read(in, end - 128, b, 3) && ascii(b, 0, 3).equals("TAG")) {
                end -= 128;
                found = true;
            }
            if (end >= 32 && read(in, end - 32, b, 32) && ascii(b, 0, 8).equals("APETAGEX")) {
                boolean hasHeader = (le32(b, 20) & 0x80000000) != 0;
                long tag = le32(b, 12) + (hasHeader ? 32L : 0);
                if (le32(b, 12) >= 32 && tag <= end) {
                    end -= tag;
                    found = true;
                }
            }
            if (end >= 15 && read(in, end - 15, b, 15) && ascii(b, 6, 9).equals("LYRICS200")
                    && ascii(b, 0, 6).chars().allMatch(Character::isDigit)) {
                long tag = 15 + Long.parseLong(ascii(b, 0, 6));
                if (tag <= end) {
                    end -= tag;
                    found = true;
                }
            }
            if (end >= 10 && read(in, end - 10, b, 10) && ascii(b, 0, 3).equals("3DI")) {
                long tag = 20 + syncsafe(b, 6);
                if (tag <= end) {
                    end -= tag;
                    found = true;
                }
            }
        }
        return end;
    }

    private static boolean read(ByteInput in, long at, byte[] b, int len) {
        in.seek(at);
        return in.readFully(b, 0, len) == len;
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static long syncsafe(byte[] b, int at) {
        return ((b[at] & 0x7FL) << 21) | ((b[at + 1] & 0x7FL) << 14) | ((b[at + 2] & 0x7FL) << 7) | (b[at + 3] & 0x7FL);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | ((b[at + 1] & 0xFFL) << 8) | ((b[at + 2] & 0xFFL) << 16) | ((b[at + 3] & 0xFFL) << 24);
    }
}
