package io.reactiveaudio.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-array edits for tests that build damaged or oddly laid out files from good ones. Stateless. */
public final class Bytes {

    private Bytes() {
    }

    /** The parts one after another, in a new array. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /**
     * The index of the first occurrence of {@code ascii} (a chunk id, a tag name) in {@code bytes}.
     *
     * @throws AssertionError when it does not occur
     */
    public static int indexOf(byte[] bytes, String ascii) {
        byte[] part = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("'" + ascii + "' does not occur in " + bytes.length + " bytes");
    }
}
