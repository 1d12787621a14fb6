package io.reactiveaudio.bytes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a tar archive (ustar) whose bytes depend only on the members' names and data: every
 * header has mode 0644, owner 0, group 0, time 0 and no user or group name, so the same input
 * packs to the same bytes on any machine. Names up to 100 bytes of UTF-8 (255 when they split at
 * a {@code /} into ustar's prefix and name). Not thread-safe.
 */
public final class TarWriter implements AutoCloseable {

    private final OutputStream out;
    private long position;
    private boolean finished;

    /** @param out where the archive goes, closed by {@link #close()} */
    public TarWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    /** The bytes a member of {@code size} bytes adds to the archive: its header, data and padding. */
    public static long memberBytes(long size) {
        return Tar.BLOCK + Tar.padded(size);
    }

    /** The bytes that end an archive: two zero blocks. */
    public static long endBytes() {
        return 2L * Tar.BLOCK;
    }

    /**
     * Adds a regular file.
     *
     * @return its entry: where its data starts and its size
     * @throws IllegalArgumentException when the name does not fit a ustar header
     */
    public TarEntry add(String name, byte[] data) throws IOException {
        byte[] header = header(name, data.length);
        out.write(header);
        long offset = position + Tar.BLOCK;
        out.write(data);
        int pad = (int) (Tar.padded(data.length) - data.length);
        out.write(new byte[pad]);
        position = offset + data.length + pad;
        return new TarEntry(name, offset, data.length);
    }

    /** Writes the end of the archive (two zero blocks) and closes the stream. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            out.write(new byte[2 * Tar.BLOCK]);
            position += 2L * Tar.BLOCK;
        }
        out.close();
    }

    private static byte[] header(String name, long size) {
        byte[] header = new byte[Tar.BLOCK];
        byte[] full = name.getBytes(StandardCharsets.UTF_8);
        byte[] base = full;
        byte[] prefix = new byte[0];
        if (full.length > 100) {
            int cut = name.lastIndexOf('/', name.length() - 1);
            while (cut > 0 && name.substring(0, cut).getBytes(StandardCharsets.UTF_8).length > 155) {
                cut = name.lastIndexOf('/', cut - 1);
            }
            if (cut <= 0) {
                throw new IllegalArgumentException("member name does not fit a ustar header: " + name);
            }
            prefix = name.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            base = name.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
            if (base.length > 100) {
                throw new IllegalArgumentException("member name does not fit a ustar header: " + name);
            }
        }
        System.arraycopy(base, 0, header, 0, base.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 0);
        header[156] = '0';
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        System.arraycopy(prefix, 0, header, 345, prefix.length);
        long sum = Tar.checksum(header);
        byte[] digits = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, header, 148, 6);
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    /** An octal number, zero-padded, NUL-terminated, in {@code length} bytes. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit " + (length - 1) + " octal digits");
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    }
}
