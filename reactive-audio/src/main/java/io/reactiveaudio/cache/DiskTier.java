package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The disk tier: one cache file per decoded source in a directory kept under a byte bound by
 * deleting the least recently used files (a hit refreshes a file's modification time). Several
 * processes may share a directory: files appear only complete (renamed into place), and
 * temporary files are deleted only when no process holds their lock. All methods block on file
 * I/O. Thread-safe.
 */
final class DiskTier {

    static final String TEMPORARY_SUFFIX = ".tmp";
    private static final String SUFFIX = ".pcm";

    private final Path directory;
    private final long maxBytes;
    private boolean prepared;

    DiskTier(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    Path directory() {
        return directory;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * The cached decode of the key, checked whole; empty when absent. A file that is present but
     * damaged or of another key is deleted, and reported through {@code damaged}.
     *
     * @param source the path the reader's {@code info()} names
     */
    Optional<PcmFileReader> open(CacheKey key, Path source, Runnable damaged) throws IOException {
        prepare();
        Path file = directory.resolve(key.fileName());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<PcmFileReader> reader = PcmFileReader.open(file, source, key.text());
        if (reader.isEmpty()) {
            Files.deleteIfExists(file);
            damaged.run();
            return reader;
        }
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        return reader;
    }

    /** Deletes the key's cache file, if there is one. */
    void delete(CacheKey key) throws IOException {
        Files.deleteIfExists(directory.resolve(key.fileName()));
    }

    /** A writer for the key's cache file, bounded by the directory's own bound. */
    PcmFileWriter writer(CacheKey key, AudioInfo info, CacheFormat format) throws IOException {
        prepare();
        return PcmFileWriter.start(directory.resolve(key.fileName()), format, info, key, maxBytes);
    }

    /**
     * Deletes least recently used cache files until the directory holds at most its bound.
     *
     * @return the number of files deleted
     */
    synchronized int evict() throws IOException {
        List<Path> files = new ArrayList<>(list(SUFFIX));
        files.sort(Comparator.comparing(DiskTier::modified));
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        int deleted = 0;
        for (Path f : files) {
            if (total <= maxBytes) {
                break;
            }
            long size = size(f);
            if (Files.deleteIfExists(f)) {
                deleted++;
            }
            total -= size;
        }
        return deleted;
    }

    /** Creates the directory and deletes temporary files their writers abandoned, once. */
    private synchronized void prepare() throws IOException {
        if (prepared) {
            return;
        }
        Files.createDirectories(directory);
        for (Path temporary : list(TEMPORARY_SUFFIX)) {
            deleteIfAbandoned(temporary);
        }
        prepared = true;
    }

    private static void deleteIfAbandoned(Path temporary) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                Files.delete(temporary);
                lock.release();
            }
        } catch (OverlappingFileLockException | java.nio.file.NoSuchFileException e) {
            // held by a writer of this process, or already gone: not abandoned
        }
    }

    private List<Path> list(String suffix) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "DiskTier[" + directory + ", " + maxBytes + " bytes]";
    }
}
