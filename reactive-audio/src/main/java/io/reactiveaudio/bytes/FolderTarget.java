package io.reactiveaudio.bytes;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A local folder as a {@link ByteTarget}, created on first write: each object is written under
 * {@code <name>.partial} through a 64 KiB buffer and renamed to its name (atomically) when its
 * stream closes. Immutable and thread-safe; its streams block on the file system.
 */
final class FolderTarget implements ByteTarget {

    private final Path folder;

    FolderTarget(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    @Override
    public String name() {
        return folder.toString();
    }

    @Override
    public String resolve(String relative) {
        return folder.resolve(relative).toString();
    }

    @Override
    public OutputStream create(String relative) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(relative);
        Path partial = folder.resolve(relative + ".partial");
        return new FilterOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                super.close();
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
