package io.reactiveaudio.source;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.bytes.ByteSources;
import io.reactiveaudio.bytes.ByteTarget;
import io.reactiveaudio.bytes.TarEntry;
import io.reactiveaudio.bytes.TarReader;
import io.reactiveaudio.bytes.TarWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Packs samples into numbered tar shards in the WebDataset layout ({@code shard-000000.tar},
 * {@code shard-000001.tar}, ...), each with its index ({@code shard-000000.tar.index}, see
 * {@link ShardSource}), starting a new shard before a sample that would take the current one past
 * {@code maxShardBytes} (a shard holds at least one sample, so one larger sample makes one larger
 * shard).
 *
 * <p>Sample k's members are {@code <key>.<extension>} holding the original encoded bytes and,
 * when it has a label, {@code <key>.cls} holding the label's name in UTF-8; tar headers carry no
 * time, owner or mode of the machine ({@link TarWriter}), so the same samples in the same order
 * pack to the same bytes. Shards go to a {@link ByteTarget}: a local folder, or a prefix in object
 * storage ({@code s3://bucket/train}) to which each shard is streamed as it is written, with no
 * file on disk. A shard and its index each appear whole when complete (renamed from a temporary
 * name, an upload completed), so a reader never sees half a shard. Blocking; not thread-safe.
 */
public final class ShardWriter implements Closeable {

    private final ByteTarget target;
    private final long maxShardBytes;
    private final List<String> written = new ArrayList<>();
    private TarWriter tar;
    private String current;
    private List<ShardMember> members;

    /**
     * @param directory where the shards go (created if missing)
     * @param maxShardBytes the size a shard should not pass, in bytes (at least 4096)
     */
    public ShardWriter(Path directory, long maxShardBytes) {
        this(ByteSources.target(Objects.requireNonNull(directory, "directory").toString()), maxShardBytes);
    }

    /**
     * @param target where the shards go ({@link ByteSources#target}: a folder or {@code s3://bucket/prefix})
     * @param maxShardBytes the size a shard should not pass, in bytes (at least 4096)
     */
    public ShardWriter(ByteTarget target, long maxShardBytes) {
        this.target = Objects.requireNonNull(target, "target");
        if (maxShardBytes < 4096) {
            throw new IllegalArgumentException("maxShardBytes must be at least 4096: " + maxShardBytes);
        }
        this.maxShardBytes = maxShardBytes;
    }

    /** The name of shard {@code n}: {@code shard-%06d.tar}. */
    public static String shardName(int n) {
        return String.format("shard-%06d.tar", n);
    }

    /**
     * Adds a whole file of a folder or manifest as sample {@code %09d} of its index, with its
     * extension and label: the file's bytes as they are (blocking).
     *
     * @return the bytes of audio added and their CRC-32, for {@link #verify}
     * @throws IllegalArgumentException for a clipped source or a member of a shard, which have no
     *     file of their own to pack
     * @throws UncheckedIOException when the file cannot be read, naming it
     */
    public Packed add(AudioSource source) {
        if (source.isClipped() || source.inShard()) {
            throw new IllegalArgumentException("only whole files can be packed: " + source.name()
                    + (source.isClipped() ? " is clipped" : " is in a shard"));
        }
        String file = source.path().getFileName().toString();
        int dot = file.lastIndexOf('.');
        String extension = dot < 0 ? "bin" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        byte[] audio;
        try {
            audio = Files.readAllBytes(source.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.path(), e);
        }
        add(String.format("%09d", source.index()), extension, audio, source.label());
        CRC32 crc = new CRC32();
        crc.update(audio);
        return new Packed(audio.length, crc.getValue());
    }

    /**
     * What {@link #add(AudioSource)} packed of a file.
     *
     * @param bytes the file's bytes
     * @param crc32 their CRC-32
     */
    public record Packed(long bytes, long crc32) {
    }

    /**
     * Adds a sample.
     *
     * @param key the sample's key: no dot and no slash ({@code "000000042"})
     * @param extension the audio member's extension, without the dot ({@code "flac"})
     * @param audio the encoded audio, as it was in its file
     * @param label the label's name, or null
     */
    public void add(String key, String extension, byte[] audio, String label) {
        if (key.isEmpty() || key.contains(".") || key.contains("/")) {
            throw new IllegalArgumentException("key must be non-empty, without '.' or '/': " + key);
        }
        byte[] labelBytes = label == null ? null : label.getBytes(StandardCharsets.UTF_8);
        long bytes = TarWriter.memberBytes(audio.length) + (labelBytes == null ? 0 : TarWriter.memberBytes(labelBytes.length));
        try {
            if (tar != null && !members.isEmpty()
                    && tar.position() + bytes + TarWriter.endBytes() > maxShardBytes) {
                finishShard();
            }
            if (tar == null) {
                startShard();
            }
            TarEntry a = tar.add(key + "." + extension, audio);
            members.add(new ShardMember(a.name(), a.offset(), a.size(), null));
            if (labelBytes != null) {
                TarEntry l = tar.add(key + ".cls", labelBytes);
                members.add(new ShardMember(l.name(), l.offset(), l.size(), label));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + current, e);
        }
    }

    /** The shards finished so far, in order: their paths, or URLs in object storage. */
    public List<String> shards() {
        return List.copyOf(written);
    }

    /** Finishes the last shard and its index. */
    @Override
    public void close() {
        if (tar != null) {
            try {
                finishShard();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + current, e);
            }
        }
    }

    /**
     * Re-reads a finished shard front to back (a local path or a URL, as {@link ByteSources} opens
     * it) and checks it against its index: the same members at the same offsets with the same
     * sizes and label text (blocking).
     *
     * @return the CRC-32 of each audio member's data, in archive order, to compare with the files packed
     * @throws ShardException naming the shard when it cannot be read or differs from its index
     */
    public static List<Long> verify(String shard) {
        String name = shard;
        List<ShardMember> indexed = ShardSource.members(name);
        List<ShardMember> read = new ArrayList<>();
        List<Long> checksums = new ArrayList<>();
        try (TarReader tar = new TarReader(Channels.newInputStream(ByteSources.of(shard).openAt(0)), name)) {
            TarEntry entry;
            while ((entry = tar.next()) != null) {
                byte[] data = tar.readData();
                ShardMember bare = new ShardMember(entry.name(), entry.offset(), entry.size(), null);
                boolean text = ShardMember.isText(bare.extension());
                read.add(text ? new ShardMember(entry.name(), entry.offset(), entry.size(),
                        new String(data, StandardCharsets.UTF_8)) : bare);
                if (!text) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    checksums.add(crc.getValue());
                }
            }
        } catch (IOException e) {
            throw new ShardException(name, "cannot be read back: " + e, e);
        }
        if (!read.equals(indexed)) {
            throw new ShardException(name, "differs from its index (" + read.size() + " members read, "
                    + indexed.size() + " indexed)", null);
        }
        return checksums;
    }

    private void startShard() throws IOException {
        current = target.resolve(shardName(written.size()));
        tar = new TarWriter(target.create(shardName(written.size())));
        members = new ArrayList<>();
    }

    private void finishShard() throws IOException {
        tar.close();
        tar = null;
        String name = shardName(written.size());
        try (OutputStream index = target.create(name + ShardIndex.SUFFIX)) {
            index.write(ShardIndex.write(members));
        }
        written.add(target.resolve(name));
    }
}
