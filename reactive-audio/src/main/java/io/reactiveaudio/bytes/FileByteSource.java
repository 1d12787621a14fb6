package io.reactiveaudio.bytes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A local file as a {@link ByteSource}: a missing file is a {@link ByteSourceException} of kind
 * {@code NOT_FOUND}. Immutable and thread-safe; its calls block on the file system.
 */
final class FileByteSource implements ByteSource {

    private final Path path;

    FileByteSource(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The file. */
    Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long size() throws IOException {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            throw ByteSourceException.notFound(name(), e);
        }
    }

    @Override
    public ReadableByteChannel openAt(long position) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw ByteSourceException.notFound(name(), e);
        }
        try {
            channel.position(position);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
