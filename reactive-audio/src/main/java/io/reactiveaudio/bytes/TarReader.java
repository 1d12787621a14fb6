package io.reactiveaudio.bytes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads a tar archive in one pass, front to back, without seeking: each {@link #next()} returns
 * the next regular file's entry with its data's offset, which the caller then reads with
 * {@link #readData} or passes over (the reader skips what is left of it before the next header).
 *
 * <p>Reads ustar and old-style headers, pax extended headers ({@code path}, {@code size}) and GNU
 * long names; directories, links and other special members are passed over, as they hold no
 * sample. A damaged header (bad checksum, a size that is not a number) or an archive that ends
 * inside a header or a member is a {@link TarFormatException} naming the archive and the byte
 * offset. Blocks on its stream: use it on a bounded-elastic thread. Not thread-safe.
 */
public final class TarReader implements AutoCloseable {

    private final InputStream in;
    private final String name;
    private final byte[] header = new byte[Tar.BLOCK];
    /** Bytes consumed from the stream. */
    private long position;
    /** Where the current member's data and padding end, or -1 before the first. */
    private long entryEnd = -1;
    private TarEntry current;
    private boolean ended;

    /**
     * @param in the archive from its first byte, closed by {@link #close()}
     * @param name the archive's path or URL, for messages
     */
    public TarReader(InputStream in, String name) {
        this.in = Objects.requireNonNull(in, "in");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The archive's name, as given. */
    public String name() {
        return name;
    }

    /**
     * The next regular file, or null at the end of the archive (two zero blocks, or the stream's
     * end right after a member).
     *
     * @throws TarFormatException when a header is damaged or the archive ends inside a member
     */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        if (entryEnd >= 0) {
            skipTo(entryEnd);
        }
        String longName = null;
        long paxSize = -1;
        while (true) {
            long headerAt = position;
            int n = readBlock();
            if (n == 0) {
                ended = true;
                return null;
            }
            if (n < Tar.BLOCK) {
                throw new TarFormatException(name, headerAt, "ends inside a header (" + n + " of 512 bytes)");
            }
            if (allZero(header)) {
                ended = true;
                return null;
            }
            long stored = octal(headerAt, 148, 8, "checksum");
            if (stored != Tar.checksum(header)) {
                throw new TarFormatException(name, headerAt, "header checksum " + stored + " does not match "
                        + Tar.checksum(header));
            }
            char type = (char) header[156];
            long size = paxSize >= 0 ? paxSize : octal(headerAt, 124, 12, "size");
            String path = longName != null ? longName : headerName();
            long dataAt = position;
            if (type == 'L') {
                longName = trimNul(new String(data(headerAt, size), StandardCharsets.UTF_8));
                continue;
            }
            if (type == 'x') {
                byte[] records = data(headerAt, size);
                String paxPath = PaxRecords.value(records, "path", name, headerAt);
                String paxLength = PaxRecords.value(records, "size", name, headerAt);
                longName = paxPath != null ? paxPath : longName;
                paxSize = paxLength != null ? Long.parseLong(paxLength) : -1;
                continue;
            }
            entryEnd = dataAt + Tar.padded(size);
            if (type == '0' || type == 0 || type == '7') {
                current = new TarEntry(path, dataAt, size);
                return current;
            }
            longName = null;
            paxSize = -1;
            skipTo(entryEnd);
            entryEnd = -1;
        }
    }

    /**
     * The current member's data, whole (for small members: labels, metadata).
     *
     * @throws IllegalStateException when the data was already read or passed over
     */
    public byte[] readData() throws IOException {
        if (current == null || position != current.offset()) {
            throw new IllegalStateException("the data of the current member is not next in " + name);
        }
        if (current.size() > Integer.MAX_VALUE - 8) {
            throw new TarFormatException(name, current.offset(), current.name() + " of " + current.size()
                    + " bytes is too large to read whole");
        }
        return readExactly(current.offset(), (int) current.size());
    }

    /**
     * The current member's data as a stream of its own: reading it advances the archive, and
     * what is left unread is passed over by {@link #next()}. Closing it does nothing.
     */
    public InputStream dataStream() {
        TarEntry entry = current;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long left = entry.offset() + entry.size() - position;
                if (left <= 0 || current != entry) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new TarFormatException(name, position, entry.name() + " ends early: "
                            + (position - entry.offset()) + " of " + entry.size() + " bytes");
                }
                position += n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private byte[] data(long headerAt, long size) throws IOException {
        if (size > 1 << 20) {
            throw new TarFormatException(name, headerAt, "extended header of " + size + " bytes");
        }
        byte[] bytes = readExactly(position, (int) size);
        skipTo(position + Tar.padded(size) - size);
        return bytes;
    }

    private byte[] readExactly(long at, int size) throws IOException {
        byte[] bytes = in.readNBytes(size);
        position += bytes.length;
        if (bytes.length < size) {
            throw new TarFormatException(name, at, "ends inside a member: " + bytes.length + " of " + size + " bytes");
        }
        return bytes;
    }

    private String headerName() {
        String base = Tar.text(header, 0, 100);
        boolean ustar = Tar.text(header, 257, 6).startsWith("ustar");
        String prefix = ustar ? Tar.text(header, 345, 155) : "";
        return prefix.isEmpty() ? base : prefix + "/" + base;
    }

    private int readBlock() throws IOException {
        int n = in.readNBytes(header, 0, Tar.BLOCK);
        position += n;
        return n;
    }

    /** Passes over bytes up to {@code target}, reading them if the stream cannot skip. */
    private void skipTo(long target) throws IOException {
        long start = position;
        while (position < target) {
            long skipped = in.skip(target - position);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new TarFormatException(name, position, "ends inside a member ("
                            + (target - start) + " bytes to pass over, " + (position - start) + " there)");
                }
                skipped = 1;
            }
            position += skipped;
        }
    }

    private long octal(long headerAt, int offset, int length, String field) throws TarFormatException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b >= '0' && b <= '7') {
                value = value * 8 + (b - '0');
                digits = true;
            } else if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
            } else {
                throw new TarFormatException(name, headerAt + offset, "the " + field + " field is not octal");
            }
        }
        return value;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String trimNul(String s) {
        int end = s.indexOf('\0');
        return end < 0 ? s : s.substring(0, end);
    }
}
