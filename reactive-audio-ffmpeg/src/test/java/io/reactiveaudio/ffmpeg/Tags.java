package io.reactiveaudio.ffmpeg;

import io.reactiveaudio.test.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The metadata tags that taggers put around MP3 audio, built byte by byte for tests: an ID3v2.3 tag
 * with a large picture, an ID3v1 tag and an APEv2 tag. Stateless.
 */
final class Tags {

    private Tags() {
    }

    /**
     * An ID3v2.3 tag with a title ({@code TIT2}) and an attached picture ({@code APIC}, front cover,
     * {@code image/jpeg}) of {@code pictureBytes} bytes: a JPEG start marker, then seeded random
     * bytes, which hold many byte pairs that look like MPEG frame sync words.
     */
    static byte[] id3v2WithPicture(int pictureBytes, long seed) {
        ByteArrayOutputStream apic = new ByteArrayOutputStream();
        apic.write(0);
        apic.writeBytes("image/jpeg\0".getBytes(StandardCharsets.ISO_8859_1));
        apic.write(3);
        apic.writeBytes("cover\0".getBytes(StandardCharsets.ISO_8859_1));
        apic.writeBytes(picture(pictureBytes, seed));
        byte[] frames = Bytes.concat(id3v23Frame("TIT2", "\0a generated test signal".getBytes(StandardCharsets.ISO_8859_1)),
                id3v23Frame("APIC", apic.toByteArray()));
        ByteBuffer header = ByteBuffer.allocate(10);
        header.put("ID3".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 3).put((byte) 0).put((byte) 0);
        int size = frames.length;
        header.put((byte) ((size >> 21) & 0x7F)).put((byte) ((size >> 14) & 0x7F)).put((byte) ((size >> 7) & 0x7F))
                .put((byte) (size & 0x7F));
        return Bytes.concat(header.array(), frames);
    }

    /**
     * {@code bytes} bytes that start like a JPEG file (the start-of-image marker {@code FF D8 FF})
     * and go on with seeded random bytes.
     */
    static byte[] picture(int bytes, long seed) {
        byte[] picture = new byte[bytes];
        new SplittableRandom(seed).nextBytes(picture);
        picture[0] = (byte) 0xFF;
        picture[1] = (byte) 0xD8;
        picture[2] = (byte) 0xFF;
        return picture;
    }

    /** A 128-byte ID3v1.1 tag ({@code "TAG"}, title, artist, album, year, comment, track 1, genre). */
    static byte[] id3v1(String title) {
        ByteBuffer tag = ByteBuffer.allocate(128);
        tag.put("TAG".getBytes(StandardCharsets.ISO_8859_1));
        tag.put(fixed(title, 30)).put(fixed("reactive-audio", 30)).put(fixed("tests", 30)).put(fixed("2026", 4));
        tag.put(fixed("differential", 28)).put((byte) 0).put((byte) 1).put((byte) 12);
        return tag.array();
    }

    /** An APEv2 tag with a header and a footer and the items {@code Title} and {@code Artist}. */
    static byte[] apeV2(String title) {
        byte[] items = Bytes.concat(apeItem("Title", title), apeItem("Artist", "reactive-audio"));
        int size = items.length + 32;
        return Bytes.concat(apeHeaderOrFooter(size, 2, true), items, apeHeaderOrFooter(size, 2, false));
    }

    private static byte[] id3v23Frame(String id, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(10 + body.length);
        frame.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).putShort((short) 0).put(body);
        return frame.array();
    }

    private static byte[] apeItem(String key, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer item = ByteBuffer.allocate(8 + k.length + 1 + v.length).order(ByteOrder.LITTLE_ENDIAN);
        item.putInt(v.length).putInt(0).put(k).put((byte) 0).put(v);
        return item.array();
    }

    private static byte[] apeHeaderOrFooter(int tagSize, int itemCount, boolean header) {
        int flags = 0x80000000 | (header ? 0x20000000 : 0);
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put("APETAGEX".getBytes(StandardCharsets.US_ASCII)).putInt(2000).putInt(tagSize).putInt(itemCount)
                .putInt(flags).putLong(0);
        return b.array();
    }

    private static byte[] fixed(String text, int length) {
        byte[] out = new byte[length];
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, out, 0, Math.min(b.length, length));
        return out;
    }
}
