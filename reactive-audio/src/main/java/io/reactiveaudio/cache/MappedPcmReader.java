package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.codec.PcmReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Serves a cache file through memory mapping, in windows of at most 1 GiB so files of any size
 * work. {@link #open} checks the header, key, length and the block table's CRC-32C; each block of
 * samples is checked against its CRC-32C from the table when it is first read, before any of its
 * samples is copied out, so no damaged sample is ever served and opening a file costs no pass
 * over its samples. A block that fails throws {@link DamagedCacheFileException}. Blocking (page
 * faults read the disk); not thread-safe.
 */
final class MappedPcmReader implements PcmReader {

    private static final int WINDOW_BYTES = 1 << 30;
    private static final int HEADER_READ_BYTES = 1 << 17;

    private final FileChannel channel;
    private final PcmFileHeader header;
    private final int channels;
    private final long framesPerWindow;
    private final short[] shorts;
    private final int[] blockCrcs;
    private final BitSet checked;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer[] mapped;
    private long window = -1;
    private FloatBuffer floats;
    private ShortBuffer int16;
    private long position;

    private MappedPcmReader(FileChannel channel, PcmFileHeader header, int[] blockCrcs) {
        this.channel = channel;
        this.header = header;
        this.blockCrcs = blockCrcs;
        this.checked = new BitSet(blockCrcs.length);
        this.channels = header.info().channels();
        this.framesPerWindow = WINDOW_BYTES / ((long) channels * header.format().bytesPerSample());
        this.shorts = header.format() == CacheFormat.INT16 ? new short[8192 * channels] : null;
    }

    /**
     * Opens the cache file for the source with the given key, or returns empty when the file is
     * not a complete, intact cache of exactly that key.
     */
    static Optional<MappedPcmReader> open(Path cacheFile, Path source, String key) throws IOException {
        FileChannel channel = FileChannel.open(cacheFile, StandardOpenOption.READ);
        try {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(channel.size(), HEADER_READ_BYTES));
            int read;
            do {
                read = channel.read(head, head.position());
            } while (read > 0 && head.hasRemaining());
            Optional<PcmFileHeader> header = PcmFileHeader.decode(head.flip(), source)
                    .filter(h -> h.key().equals(key));
            if (header.isEmpty() || channel.size() != header.get().fileLength()) {
                channel.close();
                return Optional.empty();
            }
            Optional<int[]> table = blockTable(channel, header.get());
            if (table.isEmpty()) {
                channel.close();
                return Optional.empty();
            }
            MappedPcmReader reader = new MappedPcmReader(channel, header.get(), table.get());
            reader.map();
            return Optional.of(reader);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The block CRCs after the samples, or empty when the table fails its own CRC. */
    private static Optional<int[]> blockTable(FileChannel channel, PcmFileHeader header) throws IOException {
        ByteBuffer table = ByteBuffer.allocate(Integer.BYTES * header.blocks()).order(ByteOrder.LITTLE_ENDIAN);
        long at = header.offsetOf(header.info().frames());
        while (table.hasRemaining()) {
            int n = channel.read(table, at + table.position());
            if (n < 0) {
                return Optional.empty();
            }
        }
        table.flip();
        CRC32C crc = new CRC32C();
        crc.update(table.duplicate());
        if (crc.getValue() != header.crc()) {
            return Optional.empty();
        }
        int[] crcs = new int[header.blocks()];
        table.asIntBuffer().get(crcs);
        return Optional.of(crcs);
    }

    /** Maps the samples window by window; the reader keeps the mappings. */
    private void map() throws IOException {
        long windows = (header.info().frames() + framesPerWindow - 1) / framesPerWindow;
        mapped = new ByteBuffer[(int) windows];
        for (int w = 0; w < windows; w++) {
            long start = header.offsetOf(w * framesPerWindow);
            long end = header.offsetOf(Math.min(header.info().frames(), (w + 1) * framesPerWindow));
            mapped[w] = channel.map(FileChannel.MapMode.READ_ONLY, start, end - start).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Checks every block holding frames [{@code from}, {@code from + frames}) not checked yet. */
    private void check(long from, int frames) {
        long frameBytes = (long) channels * header.format().bytesPerSample();
        int first = (int) (from * frameBytes / PcmFileHeader.BLOCK_BYTES);
        int last = (int) (((from + frames) * frameBytes - 1) / PcmFileHeader.BLOCK_BYTES);
        for (int b = checked.nextClearBit(first); b <= last; b = checked.nextClearBit(b + 1)) {
            long start = (long) b * PcmFileHeader.BLOCK_BYTES;
            long end = Math.min(start + PcmFileHeader.BLOCK_BYTES, header.sampleBytes());
            crc.reset();
            long windowBytes = framesPerWindow * frameBytes;
            for (long at = start; at < end; ) {
                int w = (int) (at / windowBytes);
                int offset = (int) (at - w * windowBytes);
                int n = (int) Math.min(end - at, mapped[w].limit() - offset);
                crc.update(mapped[w].slice(offset, n));
                at += n;
            }
            if ((int) crc.getValue() != blockCrcs[b]) {
                throw new DamagedCacheFileException(header.info().path(), b);
            }
            checked.set(b);
        }
    }

    @Override
    public AudioInfo info() {
        return header.info();
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        long left = header.info().frames() - position;
        if (left <= 0) {
            return -1;
        }
        int frames = (int) Math.min(maxFrames, left);
        check(position, frames);
        int done = 0;
        while (done < frames) {
            long inWindow = position % framesPerWindow;
            selectWindow(position / framesPerWindow);
            int n = (int) Math.min(frames - done, framesPerWindow - inWindow);
            copy((int) (inWindow * channels), dst, done * channels, n * channels);
            done += n;
            position += n;
        }
        return frames;
    }

    @Override
    public long skip(long frames) {
        long skipped = Math.max(0, Math.min(frames, header.info().frames() - position));
        position += skipped;
        return skipped;
    }

    private void copy(int from, float[] dst, int to, int count) {
        if (floats != null) {
            floats.get(from, dst, to, count);
            return;
        }
        for (int done = 0; done < count; done += shorts.length) {
            int n = Math.min(shorts.length, count - done);
            int16.get(from + done, shorts, 0, n);
            for (int i = 0; i < n; i++) {
                dst[to + done + i] = shorts[i] * (1f / 32768f);
            }
        }
    }

    private void selectWindow(long index) {
        if (index == window) {
            return;
        }
        ByteBuffer bytes = mapped[(int) index];
        if (header.format() == CacheFormat.FLOAT32) {
            floats = bytes.asFloatBuffer();
        } else {
            int16 = bytes.asShortBuffer();
        }
        window = index;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
