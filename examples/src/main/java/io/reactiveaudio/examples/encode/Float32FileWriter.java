package io.reactiveaudio.examples.encode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A {@link PcmFileWriter} that writes a {@link FileHeader} for zero frames, appends samples as
 * little-endian float32 through a reused 64 KiB buffer, and rewrites the header for the final
 * frame count on close. Blocks on file I/O; not thread-safe.
 */
final class Float32FileWriter implements PcmFileWriter {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final int channels;
    private final FileHeader header;
    private final ByteBuffer bytes = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final FloatBuffer floats = bytes.asFloatBuffer();
    private long frames;
    private boolean closed;

    private Float32FileWriter(Path path, FileChannel channel, int channels, FileHeader header) {
        this.path = path;
        this.channel = channel;
        this.channels = channels;
        this.header = header;
    }

    /**
     * Creates or truncates {@code path} and writes the header for zero frames.
     *
     * @throws UncheckedIOException when the file cannot be created or written
     */
    static Float32FileWriter open(Path path, int channels, FileHeader header) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
        Float32FileWriter writer = new Float32FileWriter(path, channel, channels, header);
        try {
            writer.writeFully(header.forFrames(0));
        } catch (UncheckedIOException e) {
            writer.closeChannel(e);
            throw e;
        }
        return writer;
    }

    @Override
    public void write(float[] interleaved, int frames) {
        Objects.requireNonNull(interleaved, "interleaved");
        if (frames < 0 || (long) frames * channels > interleaved.length) {
            throw new IllegalArgumentException(frames + " frames of " + channels + " channels do not fit "
                    + interleaved.length + " samples");
        }
        if (closed) {
            throw new IllegalStateException("writer is closed: " + path);
        }
        int samples = frames * channels;
        for (int done = 0; done < samples; ) {
            int n = Math.min(samples - done, floats.capacity());
            floats.clear();
            floats.put(interleaved, done, n);
            bytes.clear().limit(n * Float.BYTES);
            writeFully(bytes);
            done += n;
        }
        this.frames += frames;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ByteBuffer h = header.forFrames(frames);
            for (long at = 0; h.hasRemaining(); ) {
                at += channel.write(h, at);
            }
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot finish the header of " + path, e);
            closeChannel(failure);
            throw failure;
        }
        closeChannel(null);
    }

    private void writeFully(ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Closes the channel, attaching a failure to {@code pending} when there is one, else throwing it. */
    private void closeChannel(RuntimeException pending) {
        try {
            channel.close();
        } catch (IOException e) {
            if (pending == null) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
            pending.addSuppressed(e);
        }
    }
}
