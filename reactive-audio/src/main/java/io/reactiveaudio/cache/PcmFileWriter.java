package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one cache file: the samples go to a temporary file ({@code NAME.pcm.tmp-RANDOM}) locked
 * for the writer's lifetime, and only {@link #commit} gives the file its final name, after the
 * header with the frame count and checksum is in place. A writer killed half-way leaves a locked
 * (then, once the process is gone, unlocked) temporary file that is never served and that
 * {@link DiskTier} deletes. Blocking; not thread-safe.
 */
final class PcmFileWriter implements AutoCloseable {

    private static final int STAGING_BYTES = 1 << 16;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final FileLock lock;
    private final CacheFormat format;
    private final AudioInfo info;
    private final String key;
    private final long maxBytes;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C blockCrc = new CRC32C();
    private final IntArrayList blockCrcs = new IntArrayList();
    private final int headerLength;
    private int blockFilled;
    private long frames;
    private long bytes;
    private boolean closed;

    private PcmFileWriter(Path target, Path temporary, FileChannel channel, FileLock lock, CacheFormat format,
                          AudioInfo info, String key, long maxBytes) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.lock = lock;
        this.format = format;
        this.info = info;
        this.key = key;
        this.maxBytes = maxBytes;
        this.headerLength = header(0).length();
    }

    /**
     * Starts the cache file {@code target} for audio of the given properties.
     *
     * @param maxBytes the size beyond which {@link #append} gives up
     */
    static PcmFileWriter start(Path target, CacheFormat format, AudioInfo info, CacheKey key, long maxBytes)
            throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), DiskTier.TEMPORARY_SUFFIX);
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            PcmFileWriter writer = new PcmFileWriter(target, temporary, channel, lock, format, info, key.text(), maxBytes);
            channel.position(writer.headerLength);
            return writer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /**
     * Appends {@code frameCount} interleaved frames.
     *
     * @return false when the file would exceed its bound (the caller then {@link #close aborts})
     */
    boolean append(float[] samples, int frameCount) throws IOException {
        int count = frameCount * info.channels();
        long added = (long) count * format.bytesPerSample();
        if (headerLength + bytes + added + (long) Integer.BYTES * PcmFileHeader.blocks(bytes + added) > maxBytes) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (staging.remaining() < format.bytesPerSample()) {
                drain();
            }
            if (format == CacheFormat.FLOAT32) {
                staging.putFloat(samples[i]);
            } else {
                staging.putShort(toInt16(samples[i]));
            }
        }
        frames += frameCount;
        bytes += added;
        return true;
    }

    /** Writes the block table and the header and gives the file its final name, replacing any file of that name. */
    void commit() throws IOException {
        drain();
        if (blockFilled > 0) {
            blockCrcs.add((int) blockCrc.getValue());
        }
        ByteBuffer table = ByteBuffer.allocate(Integer.BYTES * blockCrcs.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < blockCrcs.size(); i++) {
            table.putInt(blockCrcs.get(i));
        }
        table.flip();
        CRC32C tableCrc = new CRC32C();
        tableCrc.update(table.duplicate());
        long at = headerLength + bytes;
        while (table.hasRemaining()) {
            at += channel.write(table, at);
        }
        ByteBuffer header = header(tableCrc.getValue()).encode();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        close();
    }

    /** Bytes the file will have on disk for the samples so far, header and block table included. */
    long size() {
        return headerLength + bytes + (long) Integer.BYTES * PcmFileHeader.blocks(bytes);
    }

    /** Releases the file; deletes it unless it was committed. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }

    private PcmFileHeader header(long checksum) {
        return new PcmFileHeader(format, info.withFrames(frames), checksum, key);
    }

    private void drain() throws IOException {
        staging.flip();
        checksum(staging.duplicate());
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }

    /** Adds staged bytes to the current block's CRC, closing blocks at {@value PcmFileHeader#BLOCK_BYTES} bytes. */
    private void checksum(ByteBuffer staged) {
        while (staged.hasRemaining()) {
            int n = Math.min(staged.remaining(), PcmFileHeader.BLOCK_BYTES - blockFilled);
            ByteBuffer part = staged.slice(staged.position(), n);
            blockCrc.update(part);
            staged.position(staged.position() + n);
            blockFilled += n;
            if (blockFilled == PcmFileHeader.BLOCK_BYTES) {
                blockCrcs.add((int) blockCrc.getValue());
                blockCrc.reset();
                blockFilled = 0;
            }
        }
    }

    /** Rounds to the nearest of 65 536 levels, half away from zero, clipping to [-32768, 32767]. */
    static short toInt16(float sample) {
        float scaled = sample * 32768f;
        int rounded = (int) (scaled + Math.copySign(0.5f, scaled));
        return (short) Math.max(-32768, Math.min(32767, rounded));
    }

    /** A growable list of ints without boxing. */
    private static final class IntArrayList {
        private int[] values = new int[64];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }
    }
}
