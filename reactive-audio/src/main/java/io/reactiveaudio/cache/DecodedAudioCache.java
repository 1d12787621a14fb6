package io.reactiveaudio.cache;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.codec.PcmReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Decodes each file once: later reads of it are served from memory (whole decoded files, least
 * recently used evicted first within a byte budget) or from disk (one PCM file per
 * source in a directory kept within a byte bound), instead of decoding again.
 *
 * <p><b>Keys.</b> A cached decode belongs to the file's absolute path, size and modification
 * time and to the decode settings (the decoder classes, the {@link CacheFormat}); any change
 * decodes the file again. <b>Integrity.</b> A cache file is written under a temporary name and
 * renamed when complete. Opening it checks its length and the CRC-32C of its block table, and
 * each 1 MiB block of samples is checked against its CRC-32C when first read, before it is
 * served: a partial or stale file is deleted and rebuilt; a damaged block is never served, the
 * read goes on from the same frame with the decoder and the file is deleted, to be stored again
 * by the next read. <b>Filling.</b> A file is stored once it
 * has been read to its end, unless its decoder concealed damage in it (so that every read decodes
 * it and reports the damage as the decoder does); a clipped source (offset/duration) closed early
 * has the rest of its file decoded in the background so its other clips hit the cache.
 * <b>Failures</b> of the cache itself never fail a read: the file is decoded as if there were no
 * cache, and each is a {@link CacheEvent} naming the source, counted in {@link #stats()} and kept
 * in {@link #events()}.
 *
 * <pre>{@code
 * DecodedAudioCache cache = DecodedAudioCache.onDisk(Path.of("/data/cache"), 50L << 30)
 *         .withMemory(2L << 30);
 * AudioPipeline.from(sources).cache(cache) ...
 * }</pre>
 *
 * <p>{@link #open} blocks on file I/O: call it on a bounded-elastic thread (the decode stage does).
 * Thread-safe: one cache may serve many streams and lanes at once.
 */
public final class DecodedAudioCache {

    /** How many events are kept for {@link #events()}. */
    public static final int MAX_KEPT_EVENTS = 10_000;

    private static final Logger LOG = Loggers.getLogger(DecodedAudioCache.class);

    private final DiskTier disk;
    private final MemoryTier memory;
    private final CacheFormat format;
    private final boolean conformed;
    private final LongAdder memoryHits = new LongAdder();
    private final LongAdder diskHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder diskEvictions = new LongAdder();
    private final Map<CacheEvent.Kind, LongAdder> eventCounts = new EnumMap<>(CacheEvent.Kind.class);
    private final List<CacheEvent> events = new ArrayList<>();

    private DecodedAudioCache(DiskTier disk, MemoryTier memory, CacheFormat format, boolean conformed) {
        this.disk = disk;
        this.memory = memory;
        this.format = format;
        this.conformed = conformed;
        for (CacheEvent.Kind kind : CacheEvent.Kind.values()) {
            eventCounts.put(kind, new LongAdder());
        }
    }

    /**
     * A cache of {@link CacheFormat#FLOAT32} files in {@code directory} (created on first use),
     * at most {@code maxBytes} bytes on disk, without a memory tier.
     */
    public static DecodedAudioCache onDisk(Path directory, long maxBytes) {
        Objects.requireNonNull(directory, "directory");
        positive(maxBytes, "maxBytes");
        return new DecodedAudioCache(new DiskTier(directory, maxBytes), null, CacheFormat.FLOAT32, false);
    }

    /** A memory-only cache holding at most {@code budgetBytes} bytes of decoded samples. */
    public static DecodedAudioCache inMemory(long budgetBytes) {
        positive(budgetBytes, "budgetBytes");
        return new DecodedAudioCache(null, new MemoryTier(budgetBytes), CacheFormat.FLOAT32, false);
    }

    /** A new cache with this one's disk tier settings and a memory tier of {@code budgetBytes}. */
    public DecodedAudioCache withMemory(long budgetBytes) {
        positive(budgetBytes, "budgetBytes");
        return new DecodedAudioCache(disk, new MemoryTier(budgetBytes), format, conformed);
    }

    /** A new cache with this one's tiers' settings storing disk files in {@code diskFormat}. */
    public DecodedAudioCache withFormat(CacheFormat diskFormat) {
        return new DecodedAudioCache(disk, memory, Objects.requireNonNull(diskFormat, "diskFormat"), conformed);
    }

    /**
     * A new cache with this one's tiers' settings that, in a pipeline that conforms (a target rate
     * and channel policy, as the speech preset's 16 kHz mono), stores the conformed audio instead
     * of the decoder's: 16 kHz mono float32 is 64 000 bytes a second against 352 800 for 44.1 kHz
     * stereo, and a served file then needs neither decoding nor resampling. The conversion
     * (target rate, channel policy, resampler) is part of the key, so a changed target never
     * serves audio of another. A file's first read conforms it on the decoding thread. A clipped
     * source is cut from its whole file's conformed audio, its offset and duration rounded at the
     * target rate.
     */
    public DecodedAudioCache storingConformed(boolean conformedAudio) {
        return new DecodedAudioCache(disk, memory, format, conformedAudio);
    }

    /** Whether a pipeline that conforms stores the conformed audio (see {@link #storingConformed(boolean)}). */
    public boolean storingConformed() {
        return conformed;
    }

    /**
     * Opens a source: from the memory tier, else from the disk tier, else by decoding it with
     * {@code decoders} while the decoded audio is collected for the cache. A clipped source is
     * cut from the whole file's audio. Errors are the decoders' own (a missing file is reported
     * by them as usual).
     */
    public PcmReader open(AudioSource source, AudioDecoders decoders) {
        return open(source, decoders, "", decoders::open);
    }

    /**
     * As {@link #open(AudioSource, AudioDecoders)}, for audio converted after decoding: the
     * source's whole file is opened with {@code openWhole} (its decoders' audio converted as
     * {@code conversion} names: target rate, channel policy, resampler), and that is what is
     * cached, under a key that includes {@code conversion}. A clipped source is cut from the whole
     * file's converted audio.
     */
    public PcmReader open(AudioSource source, AudioDecoders decoders, String conversion,
                          Function<AudioSource, PcmReader> openWhole) {
        CacheKey key;
        try {
            key = CacheKey.of(source, settings(decoders) + (conversion.isEmpty() ? "" : ";converted: " + conversion));
        } catch (UncheckedIOException e) {
            PcmReader decoder = AudioDecoders.clip(openWhole.apply(source.whole()), source);
            event(source.path(), CacheEvent.Kind.READ_FAILED, "cannot read its attributes for the cache key ("
                    + e.getCause() + "); decoding it");
            return decoder;
        }
        AudioSource whole = source.whole();
        return AudioDecoders.clip(openWhole(key, source.path(), () -> openWhole.apply(whole), source.isClipped()),
                source);
    }

    private PcmReader openWhole(CacheKey key, Path file, Supplier<PcmReader> decodeWhole, boolean clipped) {
        String text = key.text();
        if (memory != null) {
            Optional<DecodedAudio> held = memory.get(text);
            if (held.isPresent()) {
                memoryHits.increment();
                return new ArrayPcmReader(held.get());
            }
        }
        if (disk != null) {
            Optional<PcmFileReader> mapped = openOnDisk(key, file);
            if (mapped.isPresent()) {
                diskHits.increment();
                AudioInfo info = mapped.get().info();
                PcmReader served = new RecoveringReader(mapped.get(), () -> decodeWhole.get(), e -> damaged(key, file, e));
                return memory == null || !memory.fits(info.frames() * info.channels())
                        ? served
                        : new TeeReader(served, new CacheFill(text, info, this, null, true), clipped);
            }
        }
        misses.increment();
        PcmReader decoder = decodeWhole.get();
        PcmFileWriter writer = disk == null ? null : startWriter(key, decoder);
        boolean toMemory = memory != null
                && (!decoder.info().framesKnown() || memory.fits(decoder.info().frames() * decoder.info().channels()));
        CacheFill fill = new CacheFill(text, decoder.info(), this, writer, toMemory);
        return fill.active() ? new TeeReader(decoder, fill, clipped) : decoder;
    }

    private Optional<PcmFileReader> openOnDisk(CacheKey key, Path file) {
        try {
            return disk.open(key, file, () -> event(file, CacheEvent.Kind.DAMAGED_CACHE_FILE, "its cache file "
                    + key.fileName() + " is not a complete cache of it (header, key, length or block table);"
                    + " deleted, decoding it"));
        } catch (IOException | UncheckedIOException e) {
            event(file, CacheEvent.Kind.READ_FAILED, "cannot read the cache in " + disk.directory() + " (" + e
                    + "); decoding it", interrupted(e));
            return Optional.empty();
        }
    }

    /**
     * A cache file failed a block check while served: it is deleted, to be decoded and stored again;
     * unless the block could not be read because the reading thread was interrupted (a cancelled
     * stream interrupts its decode threads) or its channel closed under it, which says nothing
     * of the file: that is a read failure, and the file is kept.
     */
    private void damaged(CacheKey key, Path file, DamagedCacheFileException damage) {
        if (damage.getCause() instanceof AsynchronousCloseException) {
            event(file, CacheEvent.Kind.READ_FAILED, damage.getMessage() + " (interrupted, the file is kept);"
                    + " decoding the rest of the file", true);
            return;
        }
        event(file, CacheEvent.Kind.DAMAGED_CACHE_FILE, damage.getMessage() + "; decoding the rest of the file");
        try {
            disk.delete(key);
        } catch (IOException e) {
            LOG.warn("decoded-audio cache: cannot delete the damaged {} ({})", key.file(), e.toString());
        }
    }

    private PcmFileWriter startWriter(CacheKey key, PcmReader decoder) {
        try {
            return disk.writer(key, decoder.info(), format);
        } catch (IOException | UncheckedIOException e) {
            event(decoder.info().path(), CacheEvent.Kind.WRITE_FAILED, "cannot start a cache file in " + disk.directory()
                    + " (" + e + "); decoding it again next time");
            return null;
        }
    }

    /** The counts so far. */
    public CacheStats stats() {
        return new CacheStats(memoryHits.sum(), diskHits.sum(), misses.sum(), stored.sum(),
                count(CacheEvent.Kind.DAMAGED_CACHE_FILE), count(CacheEvent.Kind.WRITE_FAILED),
                memory == null ? 0 : memory.usedBytes(), memory == null ? 0 : memory.evictions(), diskEvictions.sum(),
                count(CacheEvent.Kind.READ_FAILED), count(CacheEvent.Kind.TOO_LARGE),
                count(CacheEvent.Kind.DAMAGED_SOURCE));
    }

    /**
     * The first {@value #MAX_KEPT_EVENTS} events, in the order they happened: each thing the cache
     * could not do for a source, which {@link #stats()} counts.
     */
    public List<CacheEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * Counts, keeps and logs an event: a warning for the cache's own failures, at debug level for
     * sources it does not store by design (too large, damaged), which recur every epoch.
     */
    void event(Path source, CacheEvent.Kind kind, String detail) {
        event(source, kind, detail, false);
    }

    /**
     * Counts and keeps the event; logs it as a warning unless it is routine or {@code interrupted}
     * (a read cut short by a cancelled stream, which interrupts its decode threads: counted, logged
     * at debug level only, since the reader's consumer has gone).
     */
    private void event(Path source, CacheEvent.Kind kind, String detail, boolean interrupted) {
        eventCounts.get(kind).increment();
        CacheEvent event = new CacheEvent(source, kind, detail);
        synchronized (events) {
            if (events.size() < MAX_KEPT_EVENTS) {
                events.add(event);
            }
        }
        if (interrupted || kind == CacheEvent.Kind.TOO_LARGE || kind == CacheEvent.Kind.DAMAGED_SOURCE) {
            LOG.debug("decoded-audio cache: {}", event);
        } else {
            LOG.warn("decoded-audio cache: {}", event);
        }
    }

    /** Whether {@code e} comes of the reading thread's interrupt or of its channel closed under it. */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AsynchronousCloseException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private long count(CacheEvent.Kind kind) {
        return eventCounts.get(kind).sum();
    }

    /** The disk tier's bound in bytes. */
    long diskBound() {
        return disk.maxBytes();
    }

    boolean memoryFits(long samples) {
        return memory != null && memory.fits(samples);
    }

    void storeInMemory(String key, DecodedAudio audio) {
        memory.put(key, audio);
    }

    void storedOnDisk() {
        stored.increment();
        try {
            diskEvictions.add(disk.evict());
        } catch (IOException e) {
            LOG.warn("decoded-audio cache: cannot trim {} ({})", disk.directory(), e.toString());
        }
    }

    private String settings(AudioDecoders decoders) {
        return decoders.decoders().stream().map(d -> d.getClass().getName()).collect(Collectors.joining(","))
                + ";" + format + ";v" + PcmFileHeader.VERSION;
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    @Override
    public String toString() {
        return "DecodedAudioCache[" + (disk == null ? "" : disk + ", ") + (memory == null ? "no memory tier" : "memory")
                + ", " + format + "]";
    }
}
