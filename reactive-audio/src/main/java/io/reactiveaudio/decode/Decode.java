package io.reactiveaudio.decode;

import io.reactiveaudio.audio.AudioChunk;
import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.bytes.ReadEvents;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.codec.AudioDecodeException;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.Concealment;
import io.reactiveaudio.codec.PcmReader;
import io.reactiveaudio.codec.TargetFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongToIntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The decode operator: turns sources into {@link AudioChunk}s, decoding up to
 * {@link #concurrency()} files at a time on a bounded-elastic scheduler and emitting them in
 * input order.
 *
 * <p><b>Demand and bounds.</b> A file is opened only when the stage subscribes to it, which
 * happens for at most {@code concurrency} files at once; each of them decodes at most
 * {@link #prefetch()} chunks of {@link #chunkFrames()} frames ahead of downstream demand. So the
 * decoded audio held by this stage is at most {@code concurrency * prefetch * chunkFrames *
 * channels * 4} bytes, and no more than {@code concurrency} sources are requested from upstream
 * beyond those already emitted. Files are closed when they end, fail, or the stream is cancelled.
 *
 * <p><b>Errors.</b> A file that fails (see {@link AudioDecodeException}) is handled by the
 * {@link ErrorPolicy} when the stream reaches it in order, after the chunks it produced before the
 * problem: {@code FAIL} ends the stream with the exception, {@code SKIP_AND_REPORT} (the default)
 * logs it (a warning the first time the report meets a problem in that file, at debug level after,
 * so a file skipped in every epoch is not logged every epoch), records it in the
 * {@link DecodeReport}, closes the file with an empty chunk marked last, and goes on. Other
 * exceptions from a decoder are reported as {@code CORRUPT}.
 *
 * <p><b>Damage.</b> A decoder may conceal damage instead of failing (skip garbage, replace a frame
 * it cannot decode by silence: {@link PcmReader#concealment()}). The stage checks each file's
 * concealment after every read and acts by its {@link DamagePolicy}: {@code DELIVER} (the default)
 * delivers the file whole and records its damage in the {@link DecodeReport} when the file's last
 * chunk is delivered; {@code SKIP} ends the file before the chunk in which damage first shows and
 * reports it as a {@code CORRUPT} problem; {@code FAIL} ends the stream there with that problem.
 * Every policy records a {@link FileDamage} naming the file and the frames.
 *
 * <p><b>Remote reads.</b> A source read from a server (a shard member over HTTP or S3) retries
 * transient failures inside its reads; each retry is counted in the {@link DecodeReport} as it
 * happens ({@link DecodeReport#remoteRetries()}).
 *
 * <p>Immutable and thread-safe; every setter returns a new operator. Use with
 * {@code sources.transform(Decode.defaults())}.
 */
public final class Decode implements Function<Flux<AudioSource>, Flux<AudioChunk>> {

    /** Default frames per chunk. */
    public static final int DEFAULT_CHUNK_FRAMES = 8192;
    /** Default chunks each open file decodes ahead of demand. */
    public static final int DEFAULT_PREFETCH = 8;

    private static final Logger LOG = Loggers.getLogger(Decode.class);

    private final Settings settings;

    private Decode(Settings settings) {
        this.settings = settings;
    }

    /**
     * Concurrency = available processors, prefetch {@value #DEFAULT_PREFETCH} chunks of
     * {@value #DEFAULT_CHUNK_FRAMES} frames, skip-and-report into a fresh report, damaged files
     * delivered and reported ({@link DamagePolicy#DELIVER}), standard decoders,
     * {@link Schedulers#boundedElastic()}.
     */
    public static Decode defaults() {
        Settings settings = new Settings();
        settings.concurrency = Runtime.getRuntime().availableProcessors();
        settings.prefetch = DEFAULT_PREFETCH;
        settings.chunkFrames = DEFAULT_CHUNK_FRAMES;
        settings.errorPolicy = ErrorPolicy.SKIP_AND_REPORT;
        settings.damagePolicy = DamagePolicy.DELIVER;
        settings.report = new DecodeReport();
        settings.decoders = AudioDecoders.standard();
        settings.scheduler = Schedulers.boundedElastic();
        return new Decode(settings);
    }

    /**
     * Files decoded at the same time (at least 1). Set explicitly, it is never changed by
     * {@link Autotune}.
     */
    public Decode concurrency(int files) {
        positive(files, "concurrency");
        return with(s -> {
            s.concurrency = files;
            s.concurrencyExplicit = true;
        });
    }

    /** Chunks each open file decodes ahead of demand (at least 1). */
    public Decode prefetch(int chunks) {
        positive(chunks, "prefetch");
        return with(s -> s.prefetch = chunks);
    }

    /** Sample frames per emitted chunk (at least 1); the last chunk of a file may be shorter. */
    public Decode chunkFrames(int frames) {
        positive(frames, "chunkFrames");
        return with(s -> s.chunkFrames = frames);
    }

    /** What to do with a file that fails. */
    public Decode errorPolicy(ErrorPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return with(s -> s.errorPolicy = policy);
    }

    /**
     * What to do with a file whose decoder concealed damage: deliver it (the default), skip it from
     * the damage on, or fail; the damage is recorded in the {@link #report} whichever is chosen.
     */
    public Decode damage(DamagePolicy policy) {
        Objects.requireNonNull(policy, "damage");
        return with(s -> s.damagePolicy = policy);
    }

    /** Where counts and problems are recorded (share one report across stages to total them). */
    public Decode report(DecodeReport target) {
        Objects.requireNonNull(target, "report");
        return with(s -> s.report = target);
    }

    /** The decoder registry. */
    public Decode decoders(AudioDecoders registry) {
        Objects.requireNonNull(registry, "decoders");
        return with(s -> s.decoders = registry);
    }

    /** The scheduler for file I/O and decoding; it must allow blocking (bounded elastic). */
    public Decode scheduler(Scheduler blockingScheduler) {
        Objects.requireNonNull(blockingScheduler, "scheduler");
        return with(s -> s.scheduler = blockingScheduler);
    }

    /**
     * Files are opened through the decoded-audio cache: decoded once, then served from memory or
     * disk (see {@link DecodedAudioCache}).
     */
    public Decode cache(DecodedAudioCache decodedCache) {
        Objects.requireNonNull(decodedCache, "cache");
        return with(s -> s.cache = decodedCache);
    }

    /**
     * Whether decoders that can (the FFmpeg backend) may resample and mix down to the pipeline's
     * conform target while they decode, on the decoding thread, so the conform stage has nothing
     * left to do (default false). Their resampler is not the conform stage's: the difference is
     * stated in {@code docs/ffmpeg.md}. Frame counts are the same; clipped sources and decoders
     * that cannot convert are conformed as before.
     */
    public Decode resampleInDecoder(boolean allowed) {
        return with(s -> s.resampleInDecoder = allowed);
    }

    /** Whether decoders may convert to the conform target while they decode. */
    public boolean resampleInDecoder() {
        return settings.resampleInDecoder;
    }

    /**
     * What the pipeline conforms to, for {@link #resampleInDecoder} and for a cache that stores
     * conformed audio; {@link io.reactiveaudio.pipeline.AudioPipeline} sets it from its conform
     * stage, null for none.
     */
    public Decode conforming(ReaderConversion conversion) {
        return with(s -> s.conversion = conversion);
    }

    /** Whether {@link #concurrency(int)} was set explicitly (else it is the number of cores). */
    public boolean concurrencyExplicit() {
        return settings.concurrencyExplicit;
    }

    /** This stage with every decode step holding a permit of {@code permits}. */
    public Decode gated(DecodeGate permits) {
        return with(s -> s.gate = permits);
    }

    /**
     * This stage with chunks of {@code frames} frames, except each source's first, of
     * {@code firstChunk.applyAsInt(source index)} frames (1..frames): so that a framing whose
     * windows start at those boundaries can take each whole chunk as a window without copying it.
     * Arrays of whole chunks come from {@code arrays} (given the length in samples), which may
     * hand out arrays used before: a chunk's samples past its frames are then not zero.
     */
    public Decode alignedChunks(int frames, LongToIntFunction firstChunk, IntFunction<float[]> arrays) {
        positive(frames, "chunkFrames");
        Alignment alignment = new Alignment(firstChunk, arrays);
        return with(s -> {
            s.chunkFrames = frames;
            s.alignment = alignment;
        });
    }

    /** The decoded-audio cache files are opened through, if any. */
    public Optional<DecodedAudioCache> cache() {
        return Optional.ofNullable(settings.cache);
    }

    /**
     * Opens a source as this stage does: through the cache if there is one, else with the
     * decoders; converted by the decoder to the {@link #conforming conform target} where
     * {@link #resampleInDecoder allowed}, and conformed before it is cached where the cache
     * {@link DecodedAudioCache#storingConformed stores conformed audio}. Blocking; the caller
     * closes the reader.
     */
    public PcmReader open(AudioSource source) {
        Settings s = settings;
        ReaderConversion conversion = s.conversion;
        TargetFormat target = conversion != null && s.resampleInDecoder ? conversion.target() : null;
        if (s.cache == null) {
            return s.decoders.open(source, target);
        }
        if (conversion == null || !s.cache.storingConformed()) {
            return s.cache.open(source, s.decoders);
        }
        String identity = conversion.identity() + (target == null ? "" : "; in decoder: " + s.decoders.conversions());
        return s.cache.open(source, s.decoders, identity, whole -> conversion.apply(s.decoders.open(whole, target)));
    }

    /** Files decoded at the same time. */
    public int concurrency() {
        return settings.concurrency;
    }

    /** Chunks each open file decodes ahead of demand. */
    public int prefetch() {
        return settings.prefetch;
    }

    /** Sample frames per emitted chunk. */
    public int chunkFrames() {
        return settings.chunkFrames;
    }

    /** What is done with a file that fails. */
    public ErrorPolicy errorPolicy() {
        return settings.errorPolicy;
    }

    /** What is done with a file whose decoder concealed damage. */
    public DamagePolicy damagePolicy() {
        return settings.damagePolicy;
    }

    /** Where counts and problems are recorded. */
    public DecodeReport report() {
        return settings.report;
    }

    /** The decoders files are opened with. */
    public AudioDecoders decoders() {
        return settings.decoders;
    }

    @Override
    public Flux<AudioChunk> apply(Flux<AudioSource> sources) {
        return sources
                .flatMapSequential(this::decodeOne, settings.concurrency, settings.prefetch)
                .handle(this::deliver);
    }

    /** One file as steps: its chunks, then possibly a failure. Runs on the scheduler. */
    private Flux<Step> decodeOne(AudioSource source) {
        DecodeGate gate = settings.gate;
        return Flux.<Step, FileDecoding>generate(
                        () -> new FileDecoding(source),
                        (state, sink) -> {
                            if (gate == null) {
                                stepReportingRetries(state, sink);
                                return state;
                            }
                            gate.acquire();
                            try {
                                stepReportingRetries(state, sink);
                            } finally {
                                gate.release();
                            }
                            return state;
                        },
                        FileDecoding::close)
                .subscribeOn(settings.scheduler);
    }

    /** One step of a file, with the retries of the remote reads it makes counted in the report. */
    private void stepReportingRetries(FileDecoding state, SynchronousSink<Step> sink) {
        try (ReadEvents.Binding ignored = ReadEvents.bind(settings.report::retried)) {
            state.step(sink);
        }
    }

    private void deliver(Step step, SynchronousSink<AudioChunk> sink) {
        DecodeReport report = settings.report;
        boolean refused = step.damage != null && step.damage.action() != DamagePolicy.DELIVER;
        if (step.damage != null && report.damaged(step.damage) && !refused) {
            LOG.warn("damage concealed: {}", step.damage);
        } else if (step.damage != null && !refused) {
            LOG.debug("damage concealed again: {}", step.damage);
        }
        if (step.error == null) {
            report.delivered(step.chunk.frames());
            if (step.chunk.last()) {
                report.fileCompleted();
            }
            sink.next(step.chunk);
            return;
        }
        boolean firstInFile = report.problem(step.error);
        boolean fail = refused ? step.damage.action() == DamagePolicy.FAIL : settings.errorPolicy == ErrorPolicy.FAIL;
        if (fail) {
            sink.error(step.error);
            return;
        }
        if (firstInFile) {
            LOG.warn("skipped: {}", step.error.getMessage());
        } else {
            LOG.debug("skipped again: {}", step.error.getMessage());
        }
        if (step.chunk != null) {
            sink.next(step.chunk);
        }
    }

    private Decode with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new Decode(next);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    /** Where a source's chunks are cut, and where the arrays of whole chunks come from. */
    private record Alignment(LongToIntFunction firstChunkFrames, IntFunction<float[]> arrays) {
        Alignment {
            Objects.requireNonNull(firstChunkFrames, "firstChunkFrames");
            Objects.requireNonNull(arrays, "arrays");
        }
    }

    /**
     * A chunk, or a failure with the empty chunk that closes the file (null when the file never
     * opened, so nothing of it was emitted); with the file's damage, if any, on its last chunk or
     * on its failure (the damage refused, or delivered before another failure), else null.
     */
    private record Step(AudioChunk chunk, AudioDecodeException error, FileDamage damage) {
    }

    /**
     * The state of one file being decoded: opens it lazily, reads one chunk ahead so the last one
     * can be marked, watches the reader's concealment, and turns failures into a final step.
     */
    private final class FileDecoding {

        private final AudioSource source;
        private PcmReader reader;
        private AudioInfo info;
        private AudioChunk ahead;
        private AudioDecodeException pendingError;
        private long position;
        private boolean done;
        /** Where damage first showed (the chunk's first frame), -1 while none has. */
        private long damagedChunk = -1;
        /** The file's damage once final: refused (its failure follows), or found at the end (delivered). */
        private FileDamage damage;

        FileDecoding(AudioSource source) {
            this.source = source;
        }

        void step(SynchronousSink<Step> sink) {
            if (done) {
                sink.complete();
                return;
            }
            if (settings.alignment != null) {
                stepWithoutReadingAhead(sink);
                return;
            }
            if (pendingError != null) {
                fail(sink, pendingError);
                return;
            }
            try {
                if (reader == null) {
                    openReader();
                    ahead = readChunk();
                }
            } catch (RuntimeException e) {
                fail(sink, asDecodeException(e));
                return;
            }
            AudioChunk current = ahead;
            if (!current.last()) {
                try {
                    ahead = readChunk();
                    if (ahead.last() && ahead.frames() == 0) {
                        current = asLast(current);
                    }
                } catch (RuntimeException e) {
                    pendingError = asDecodeException(e);
                }
            }
            done = current.last();
            sink.next(new Step(current, null, done ? damage : null));
        }

        /**
         * Aligned chunks are whole windows: reading one ahead to mark the last would hold each
         * window back until the next is decoded, so the source ends with an empty chunk marked
         * last instead.
         */
        private void stepWithoutReadingAhead(SynchronousSink<Step> sink) {
            AudioChunk chunk;
            try {
                if (reader == null) {
                    openReader();
                }
                chunk = readChunk();
            } catch (RuntimeException e) {
                fail(sink, asDecodeException(e));
                return;
            }
            done = chunk.last();
            sink.next(new Step(chunk, null, done ? damage : null));
        }

        private void openReader() {
            reader = open(source);
            info = reader.info();
        }

        /** Reads the next chunk; the end of the file gives an empty chunk marked last. */
        private AudioChunk readChunk() {
            Alignment alignment = settings.alignment;
            int frames = position == 0 && alignment != null
                    ? alignment.firstChunkFrames.applyAsInt(source.index()) : settings.chunkFrames;
            float[] samples = alignment != null && frames == settings.chunkFrames
                    ? alignment.arrays.apply(frames * info.channels()) : new float[frames * info.channels()];
            int n = reader.read(samples, frames);
            if (n <= 0) {
                watchDamage(0);
                damage = damageSoFar();
                return new AudioChunk(source, info, position, new float[0], 0, true);
            }
            watchDamage(n);
            AudioChunk chunk = new AudioChunk(source, info, position, samples, n, false);
            position += n;
            return chunk;
        }

        /**
         * Notes where the reader first reports damage, after a read that gave {@code frames}
         * frames at {@link #position}; unless damage is delivered, refuses those frames by
         * throwing the damage as a CORRUPT failure.
         */
        private void watchDamage(int frames) {
            if (damagedChunk >= 0) {
                return;
            }
            Concealment concealment = reader.concealment();
            if (!concealment.any()) {
                return;
            }
            damagedChunk = position;
            DamagePolicy policy = settings.damagePolicy;
            if (policy == DamagePolicy.DELIVER) {
                return;
            }
            damage = new FileDamage(source.path(), concealment, position, policy);
            String where = frames == 0 ? "after its last frame, " + position
                    : "in the chunk of frames " + position + ".." + (position + frames - 1);
            throw new AudioDecodeException(source.path(), AudioDecodeException.Kind.CORRUPT,
                    AudioDecodeException.UNKNOWN_OFFSET, "damage concealed by the decoder " + where + " ("
                    + FileDamage.counts(concealment) + "), not delivered under DamagePolicy." + policy);
        }

        /** The damage refused, or else the damage delivered so far; null when none has shown. */
        private FileDamage damageSoFar() {
            if (damage != null || damagedChunk < 0) {
                return damage;
            }
            return new FileDamage(source.path(), reader.concealment(), damagedChunk, DamagePolicy.DELIVER);
        }

        private AudioChunk asLast(AudioChunk c) {
            return new AudioChunk(c.source(), c.info(), c.position(), c.samples(), c.frames(), true);
        }

        /** Ends the file with the error and, if it had started, an empty chunk marked last. */
        private void fail(SynchronousSink<Step> sink, AudioDecodeException e) {
            done = true;
            AudioChunk closing = info == null ? null : new AudioChunk(source, info, position, new float[0], 0, true);
            sink.next(new Step(closing, e, damageSoFar()));
        }

        private AudioDecodeException asDecodeException(RuntimeException e) {
            return e instanceof AudioDecodeException ade ? ade
                    : new AudioDecodeException(source.path(), AudioDecodeException.Kind.CORRUPT,
                            AudioDecodeException.UNKNOWN_OFFSET, "decoder failed: " + e, e);
        }

        void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /**
     * The settings behind a {@code Decode}. Mutable only while a setter fills a fresh
     * {@link #copy()}; a {@code Decode} holds it in a final field and never changes it after.
     */
    private static final class Settings implements Cloneable {

        int concurrency;
        int prefetch;
        int chunkFrames;
        ErrorPolicy errorPolicy;
        DamagePolicy damagePolicy;
        DecodeReport report;
        AudioDecoders decoders;
        Scheduler scheduler;
        DecodedAudioCache cache;
        boolean concurrencyExplicit;
        DecodeGate gate;
        boolean resampleInDecoder;
        /** What the pipeline conforms to; null when it does not. */
        ReaderConversion conversion;
        /** How chunks line up with a framing's windows; null when every chunk has {@code chunkFrames}. */
        Alignment alignment;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
