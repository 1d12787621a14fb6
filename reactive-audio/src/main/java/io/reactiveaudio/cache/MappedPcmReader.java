package io.reactiveaudio.cache;

import io.reactiveaudio.decode.AudioInfo;
import io.reactiveaudio.decode.PcmReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Serves a cache file through memory mapping, in windows of at most 1 GiB so files of any size
 * work. {@link #open} maps the file and checks it whole (header, key, length and CRC-32C of the
 * samples) before anything is served; reading then copies from the same mappings, so each page
 * is faulted in once. Blocking (page faults read the disk); not thread-safe.
 */
final class MappedPcmReader implements PcmReader {

    private static final int WINDOW_BYTES = 1 << 30;
    private static final int HEADER_READ_BYTES = 1 << 17;

    private final FileChannel channel;
    private final PcmFileHeader header;
    private final int channels;
    private final long framesPerWindow;
    private final short[] shorts;
    private ByteBuffer[] mapped;
    private long window = -1;
    private FloatBuffer floats;
    private ShortBuffer int16;
    private long position;

    private MappedPcmReader(FileChannel channel, PcmFileHeader header) {
        this.channel = channel;
        this.header = header;
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
            if (header.isEmpty() || channel.size() != header.get().offsetOf(header.get().info().frames())) {
                channel.close();
                return Optional.empty();
            }
            MappedPcmReader reader = new MappedPcmReader(channel, header.get());
            if (!reader.intact()) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(reader);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Maps the whole file window by window and checks the samples' CRC; the reader keeps the mappings. */
    private boolean intact() throws IOException {
        CRC32C crc = new CRC32C();
        long windows = (header.info().frames() + framesPerWindow - 1) / framesPerWindow;
        mapped = new ByteBuffer[(int) windows];
        for (int w = 0; w < windows; w++) {
            long start = header.offsetOf(w * framesPerWindow);
            long end = header.offsetOf(Math.min(header.info().frames(), (w + 1) * framesPerWindow));
            mapped[w] = channel.map(FileChannel.MapMode.READ_ONLY, start, end - start).order(ByteOrder.LITTLE_ENDIAN);
            crc.update(mapped[w].duplicate());
        }
        return crc.getValue() == header.crc();
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
