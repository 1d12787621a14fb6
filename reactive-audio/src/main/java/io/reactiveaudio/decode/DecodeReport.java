package io.reactiveaudio.decode;

import io.reactiveaudio.bytes.ReadRetry;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.Concealment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What a decode stage did: files decoded, frames produced, every problem it met, by kind, every
 * file in which a decoder concealed damage ({@link #damage()}, see {@link DamagePolicy}), and every
 * retry its remote reads made after a transient failure ({@link #readRetries()}, see
 * {@link ReadRetry}).
 *
 * <p>Counts are exact. The problems and damage records themselves are kept up to
 * {@link #MAX_KEPT_PROBLEMS} each (the first ones); beyond that only counted. Both are recorded in
 * stream order, when the stream reaches the file; an optional listener hears each problem then, on
 * the thread delivering the stream (keep it short and non-blocking). A file met again in a later
 * epoch is counted again. Retries are recorded when they happen, on the decoding thread, so they
 * include reads ahead of the stream (and of files the stream is cancelled before). Thread-safe.
 */
public final class DecodeReport {

    /** How many problems are kept for {@link #problems()}. */
    public static final int MAX_KEPT_PROBLEMS = 10_000;

    private final AtomicLong completedFiles = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final Map<AudioDecodeException.Kind, AtomicLong> byKind = new EnumMap<>(AudioDecodeException.Kind.class);
    private final List<AudioDecodeException> problems = new ArrayList<>();
    private final Set<Path> problemFiles = new HashSet<>();
    private final AtomicLong damagedFiles = new AtomicLong();
    private final AtomicLong skippedBytes = new AtomicLong();
    private final AtomicLong concealedUnits = new AtomicLong();
    private final AtomicLong silentFrames = new AtomicLong();
    private final List<FileDamage> damage = new ArrayList<>();
    private final Set<Path> damageFiles = new HashSet<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong resumedTransfers = new AtomicLong();
    private final List<ReadRetry> keptRetries = new ArrayList<>();
    private final Consumer<AudioDecodeException> listener;

    /** A report without a listener. */
    public DecodeReport() {
        this(problem -> { });
    }

    /** A report that also passes each problem to {@code listener} when it happens. */
    public DecodeReport(Consumer<AudioDecodeException> listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        for (AudioDecodeException.Kind kind : AudioDecodeException.Kind.values()) {
            byKind.put(kind, new AtomicLong());
        }
    }

    void delivered(int chunkFrames) {
        frames.addAndGet(chunkFrames);
    }

    void fileCompleted() {
        completedFiles.incrementAndGet();
    }

    /**
     * Counts a problem and passes it to the listener; true the first time this report meets a
     * problem in that file (so that a file skipped in every epoch is logged once).
     */
    boolean problem(AudioDecodeException e) {
        byKind.get(e.kind()).incrementAndGet();
        boolean first;
        synchronized (problems) {
            if (problems.size() < MAX_KEPT_PROBLEMS) {
                problems.add(e);
            }
            first = problemFiles.size() >= MAX_KEPT_PROBLEMS || problemFiles.add(e.path());
        }
        listener.accept(e);
        return first;
    }

    /**
     * Counts damage a decoder concealed in a file; true the first time this report meets damage in
     * that file (so that a file damaged in every epoch is logged once).
     */
    boolean damaged(FileDamage d) {
        damagedFiles.incrementAndGet();
        skippedBytes.addAndGet(d.concealment().skippedBytes());
        concealedUnits.addAndGet(d.concealment().concealedUnits());
        silentFrames.addAndGet(d.concealment().silentFrames());
        synchronized (damage) {
            if (damage.size() < MAX_KEPT_PROBLEMS) {
                damage.add(d);
            }
            return damageFiles.size() >= MAX_KEPT_PROBLEMS || damageFiles.add(d.file());
        }
    }

    /** Counts a remote read's retry. */
    void retried(ReadRetry retry) {
        retries.incrementAndGet();
        if (retry.resumesTransfer()) {
            resumedTransfers.incrementAndGet();
        }
        synchronized (keptRetries) {
            if (keptRetries.size() < MAX_KEPT_PROBLEMS) {
                keptRetries.add(retry);
            }
        }
    }

    /**
     * Files decoded to their end without a problem, including those delivered with damage
     * concealed under {@link DamagePolicy#DELIVER} (also counted by {@link #damagedFiles()}).
     */
    public long completedFiles() {
        return completedFiles.get();
    }

    /** Files that had a problem (skipped whole or after partial output). */
    public long problemFiles() {
        long n = 0;
        for (AtomicLong c : byKind.values()) {
            n += c.get();
        }
        return n;
    }

    /** Sample frames delivered, including the good part of files with a problem. */
    public long frames() {
        return frames.get();
    }

    /** Problems of one kind. */
    public long count(AudioDecodeException.Kind kind) {
        return byKind.get(kind).get();
    }

    /** The first problems, in the order they were met (at most {@link #MAX_KEPT_PROBLEMS}). */
    public List<AudioDecodeException> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** Files in which a decoder concealed damage, whatever the {@link DamagePolicy} did with them. */
    public long damagedFiles() {
        return damagedFiles.get();
    }

    /**
     * The damage of all {@link #damagedFiles()} added up: bytes skipped, coded frames concealed and
     * the frames of silence in their place (as recorded, see {@link FileDamage#concealment()}).
     */
    public Concealment concealed() {
        return new Concealment(skippedBytes.get(), concealedUnits.get(), silentFrames.get());
    }

    /** The first damaged files, in the order they were met (at most {@link #MAX_KEPT_PROBLEMS}). */
    public List<FileDamage> damage() {
        synchronized (damage) {
            return List.copyOf(damage);
        }
    }

    /** Retries of remote reads after a transient failure (each cut, reset, stall, timeout or 5xx retried). */
    public long remoteRetries() {
        return retries.get();
    }

    /**
     * The {@link #remoteRetries()} that resumed a broken transfer from its next byte (a new range
     * request) rather than repeating a request that had delivered nothing.
     */
    public long resumedTransfers() {
        return resumedTransfers.get();
    }

    /** The first retries, in the order they happened (at most {@link #MAX_KEPT_PROBLEMS}). */
    public List<ReadRetry> readRetries() {
        synchronized (keptRetries) {
            return List.copyOf(keptRetries);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("decoded ").append(completedFiles()).append(" files, ")
                .append(frames()).append(" frames; problems: ").append(problemFiles());
        for (Map.Entry<AudioDecodeException.Kind, AtomicLong> e : byKind.entrySet()) {
            if (e.getValue().get() > 0) {
                b.append(", ").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                        .append(e.getValue().get());
            }
        }
        if (damagedFiles() > 0) {
            b.append("; damaged: ").append(damagedFiles()).append(" (").append(FileDamage.counts(concealed())).append(')');
        }
        if (remoteRetries() > 0) {
            b.append("; remote retries: ").append(remoteRetries()).append(" (").append(resumedTransfers())
                    .append(" resumed transfers)");
        }
        return b.toString();
    }
}
