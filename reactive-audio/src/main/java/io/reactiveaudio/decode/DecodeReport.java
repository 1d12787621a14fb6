package io.reactiveaudio.decode;

import io.reactiveaudio.codec.AudioDecodeException;
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
 * What a decode stage did: files decoded, frames produced, and every problem it met, by kind.
 *
 * <p>Counts are exact. The problems themselves are kept up to {@link #MAX_KEPT_PROBLEMS} (the
 * first ones); beyond that only counted. Problems are recorded in stream order, when the stream
 * reaches the failed file; an optional listener hears each one then, on the thread delivering the
 * stream (keep it short and non-blocking). Thread-safe.
 */
public final class DecodeReport {

    /** How many problems are kept for {@link #problems()}. */
    public static final int MAX_KEPT_PROBLEMS = 10_000;

    private final AtomicLong completedFiles = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final Map<AudioDecodeException.Kind, AtomicLong> byKind = new EnumMap<>(AudioDecodeException.Kind.class);
    private final List<AudioDecodeException> problems = new ArrayList<>();
    private final Set<Path> problemFiles = new HashSet<>();
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

    /** Files decoded to their end without a problem. */
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
        return b.toString();
    }
}
