package io.reactiveaudio.pipeline;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.augment.Augment;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.bytes.ByteSources;
import io.reactiveaudio.cache.CacheFormat;
import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.checkpoint.Checkpoint;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.conform.Conform;
import io.reactiveaudio.decode.Autotune;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.decode.DecodeGate;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.specaugment.SpecAugment;
import io.reactiveaudio.features.specaugment.SpecAugmentation;
import io.reactiveaudio.features.stage.BatchFeatures;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.framing.Framing;
import io.reactiveaudio.framing.RandomPrepend;
import io.reactiveaudio.random.KeyedRandom;
import io.reactiveaudio.shuffle.ShuffleWindow;
import io.reactiveaudio.source.SourceSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The training pipeline as one fluent description: sources, decode, sample rate and channels,
 * framing, shuffle window, batches, features, epochs, sharding, seed, and resumption.
 *
 * <pre>{@code
 * Flux<Batch> batches = AudioPipeline.from(Sources.directory(root).scan())
 *     .decode(Decode.defaults().concurrency(2))
 *     .conform(44_100, ChannelPolicy.stereo())
 *     .frames(196_608)
 *     .shuffle(1_000)
 *     .batch(32)
 *     .seed(42)
 *     .flux();
 * }</pre>
 *
 * <p><b>Order.</b> Each epoch lists the sources in an order drawn from (seed, epoch, FILE_ORDER)
 * ({@link #fileOrder}), keeps this shard's share of their segments ({@link #shard}), and deals them to
 * {@link #lanes} lanes that decode, conform and cut segments ({@link #framing}, by default the
 * reference's random prepend) side by side; the lanes' segments are merged round-robin into a
 * {@link ShuffleWindow}, augmented ({@link #augment}, if any) and packed by a {@link Batcher}.
 * Epochs follow one another ({@link #epochs}, default endless); the window
 * does not span epochs. Every random draw is keyed by (seed, epoch, index) and the interleave
 * depends on the number of lanes, not of threads, so a seed gives bit-identical batches whatever
 * the decode concurrency.
 *
 * <p><b>Threads.</b> Decoding runs on a bounded-elastic scheduler of {@link Decode#concurrency()}
 * threads made for each subscription (so the lanes share that many threads), resampling and
 * framing on {@link Schedulers#parallel()}; batches are emitted on parallel threads.
 *
 * <p><b>Bounds.</b> {@link #memoryEstimate()} states the worst case before anything runs:
 * the window of {@code shuffle} segments, per lane the decode prefetch and two merged segments,
 * the batch being gathered, and the pool of {@code poolSize} batch buffers, shared by all epochs
 * when the channel policy fixes the channel count. {@link #memoryBudget} refuses a configuration
 * over a budget; with {@link #features} it counts the feature buffers too. Batches dropped by
 * operators after {@link #flux()} need
 * {@code doOnDiscard(Batch.class, Batch::release)} placed after them; the consumer releases the
 * batches it receives.
 *
 * <p><b>Resumption.</b> Every full batch carries a {@link Checkpoint} ({@link Batch#checkpoint()});
 * {@link #resumeFrom} starts a pipeline of the same configuration right after it.
 *
 * <p>Immutable and thread-safe; every setter returns a new description.
 */
public final class AudioPipeline {

    /** Default number of interleave lanes: files decoded side by side. */
    public static final int DEFAULT_LANES = 8;

    private final PipelineSettings settings;

    private AudioPipeline(PipelineSettings settings) {
        this.settings = settings;
    }

    /**
     * A pipeline over a listed corpus with defaults: {@link Decode#defaults()}, sources kept at their
     * own rate and channels, segments of 196 608 frames, a window of 1 000 segments filled before
     * the first leaves, batches of 32 in (B, T, C), {@value #DEFAULT_LANES} lanes, seed 0, endless
     * epochs, no memory budget.
     */
    public static AudioPipeline from(SourceSet sources) {
        PipelineSettings settings = new PipelineSettings();
        settings.sources = Objects.requireNonNull(sources, "sources");
        return new AudioPipeline(settings);
    }

    /** The decode stage: its concurrency is the number of decode threads; also prefetch, error policy, report. */
    public AudioPipeline decode(Decode stage) {
        Objects.requireNonNull(stage, "decode");
        return with(s -> s.decode = s.decode.cache().map(stage::cache).orElse(stage));
    }

    /**
     * Lets {@code tuner} set how many files decode at once while the pipeline runs (see
     * {@link Autotune}); a decode stage whose concurrency was set explicitly is left alone.
     */
    public AudioPipeline autotune(Autotune tuner) {
        Objects.requireNonNull(tuner, "tuner");
        return with(s -> s.autotune = tuner);
    }

    /**
     * Decodes each file once and serves later epochs (and later runs) from a disk cache of
     * {@link CacheFormat#FLOAT32} files in {@code directory}, at most {@code maxBytes} bytes:
     * shorthand for {@code cache(DecodedAudioCache.onDisk(directory, maxBytes))}.
     */
    public AudioPipeline cache(Path directory, long maxBytes) {
        return cache(DecodedAudioCache.onDisk(directory, maxBytes));
    }

    /** Opens files through the decoded-audio cache (kept when {@link #decode} is set later). */
    public AudioPipeline cache(DecodedAudioCache cache) {
        Objects.requireNonNull(cache, "cache");
        return with(s -> s.decode = s.decode.cache(cache));
    }

    /** Resample every source to {@code sampleRate} Hz and map its channels. */
    public AudioPipeline conform(int sampleRate, ChannelPolicy channels) {
        Conform stage = Conform.to(sampleRate, channels);
        return with(s -> s.conform = stage);
    }

    /**
     * Sets what {@code speech} describes: every source resampled to its rate and mixed to mono, cut
     * by its framing, mixed in its shuffle window (the first segment leaving after a batch's worth
     * of arrivals, the window then growing, see {@link #growth}), batches of its size, and its log-mel as the {@link #features} in {@code (bins, frames)} layout, read
     * with {@link #featureFlux()}. Setters called after this one override the preset's choice; the
     * decode stage, cache, lanes and seed are left as they are.
     */
    public AudioPipeline preset(SpeechPreset speech) {
        Objects.requireNonNull(speech, "preset");
        Conform stage = Conform.to(speech.sampleRate(), ChannelPolicy.mono());
        Framing cutter = speech.framing();
        FeatureExtractor extractor = speech.extractor();
        return with(s -> {
            s.conform = stage;
            s.framing = cutter;
            s.batch = speech.batch();
            s.shuffle = speech.shuffle();
            s.initialFill = Math.min(speech.batch(), speech.shuffle());
            s.features = extractor;
            s.featureLayout = FeatureLayout.BINS_FRAMES;
        });
    }

    /** Segments of {@code frames} sample frames, cut with the reference's random prepend (the default framing). */
    public AudioPipeline frames(int frames) {
        return framing(RandomPrepend.of(frames));
    }

    /**
     * How sources are cut into segments: {@link RandomPrepend} (the default, 196 608 frames),
     * {@link io.reactiveaudio.framing.RandomCrop}, {@link io.reactiveaudio.framing.Sliding} or
     * {@link io.reactiveaudio.framing.WholeClip}; keyed by the pipeline's seed and each epoch.
     * Framings of variable length are batched padded to each batch's longest item, with
     * {@link Batch#lengths()} and {@link Batch#mask()}.
     */
    public AudioPipeline framing(Framing cutter) {
        Objects.requireNonNull(cutter, "framing");
        return with(s -> s.framing = cutter);
    }

    /** A shuffle window of {@code segments}, filled completely before the first segment leaves. */
    public AudioPipeline shuffle(int segments) {
        positive(segments, "shuffle");
        return with(s -> {
            s.shuffle = segments;
            s.initialFill = segments;
        });
    }

    /** Lets the first segment leave after {@code segments} arrivals (see {@link ShuffleWindow#initialFill}). */
    public AudioPipeline initialFill(int segments) {
        if (segments < 1 || segments > settings.shuffle) {
            throw new IllegalArgumentException("initialFill must be between 1 and the shuffle size "
                    + settings.shuffle + ": " + segments);
        }
        return with(s -> s.initialFill = segments);
    }

    /** While the window grows, one arrival in every {@code arrivals} only joins it (see {@link ShuffleWindow#growth}). */
    public AudioPipeline growth(int arrivals) {
        if (arrivals < 2) {
            throw new IllegalArgumentException("growth must be at least 2 arrivals: " + arrivals);
        }
        return with(s -> s.growth = arrivals);
    }

    /** How the window stores its segments: float32 (default) or, when allowed, 16-bit at half the memory. */
    public AudioPipeline windowPrecision(WindowPrecision precision) {
        Objects.requireNonNull(precision, "precision");
        return with(s -> s.int16Window = precision == WindowPrecision.INT16);
    }

    /** Files decoded side by side and merged round-robin (at least 1); part of the order, unlike threads. */
    public AudioPipeline lanes(int files) {
        positive(files, "lanes");
        return with(s -> s.lanes = files);
    }

    /** Batches of {@code size} segments. */
    public AudioPipeline batch(int size) {
        positive(size, "batch");
        return with(s -> s.batch = size);
    }

    /** The batch layout, (B, T, C) or (B, C, T). */
    public AudioPipeline layout(Layout batchLayout) {
        Objects.requireNonNull(batchLayout, "layout");
        return with(s -> s.layout = batchLayout);
    }

    /** Batch buffers in the pool: the batches a consumer may hold unreleased at once. */
    public AudioPipeline poolSize(int buffers) {
        positive(buffers, "poolSize");
        return with(s -> s.poolSize = buffers);
    }

    /**
     * The features {@link #featureFlux()} computes from each batch (a spectrogram, mel, log-mel or
     * MFCC extractor), channel by channel; padded items get the features of their own samples (see
     * {@link FeatureBatch}).
     */
    public AudioPipeline features(FeatureExtractor extractor) {
        Objects.requireNonNull(extractor, "features");
        return with(s -> s.features = extractor);
    }

    /** The order of each feature matrix: {@code (bins, frames)} like torchaudio (the default) or {@code (frames, bins)}. */
    public AudioPipeline featureLayout(FeatureLayout layout) {
        Objects.requireNonNull(layout, "featureLayout");
        return with(s -> s.featureLayout = layout);
    }

    /**
     * Adds an augmentation stage: every segment leaving the shuffle window is augmented, on
     * {@code parallel()} threads in order (blocking steps on bounded elastic), with draws keyed by
     * (seed, epoch, source index, segment ordinal, stage), where the stage is this call's place
     * among the pipeline's {@code augment} calls; so batches are the same whatever the decode
     * threads, and after a resume. Each {@link Batch#augmentations()} lists what was applied. With
     * a fixed-length framing an augmented segment that changed length is cut (keeping its start)
     * or zero-padded at its end back to the segment length; with whole clips it keeps its new
     * length up to the framing's maximum. See {@link Augment}.
     */
    public AudioPipeline augment(Augmentation augmentation) {
        Objects.requireNonNull(augmentation, "augmentation");
        return with(s -> {
            List<Augmentation> stages = new ArrayList<>(s.augmentations);
            stages.add(augmentation);
            s.augmentations = List.copyOf(stages);
        });
    }

    /**
     * SpecAugment masks applied to every item's features in {@link #featureFlux()}, in order, with
     * draws keyed by (seed, epoch, source index, segment ordinal); see {@link SpecAugment}. Replaces
     * masks set before.
     */
    public AudioPipeline specAugment(SpecAugmentation... masks) {
        SpecAugment chain = SpecAugment.of(masks);
        return with(s -> s.specAugment = chain);
    }

    /** Whether each epoch's last, partial batch is dropped (default) or emitted smaller. */
    public AudioPipeline dropLast(boolean drop) {
        return with(s -> s.dropLast = drop);
    }

    /** The seed every random draw is keyed by. */
    public AudioPipeline seed(long runSeed) {
        return with(s -> s.seed = runSeed);
    }

    /** How many epochs to run ({@code Long.MAX_VALUE}: endless, the default). */
    public AudioPipeline epochs(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("epochs must be at least 1: " + count);
        }
        return with(s -> s.epochs = count);
    }

    /**
     * Begins with epoch {@code epoch} instead of 0, as if the epochs before it had run: each
     * epoch's order depends only on the seed and its number. {@link #epochs} still counts from 0,
     * so {@code startEpoch(3).epochs(4)} runs epoch 3 alone. A checkpoint given to
     * {@link #resumeFrom} names its own epoch, which wins.
     */
    public AudioPipeline startEpoch(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("startEpoch must not be negative: " + epoch);
        }
        return with(s -> s.firstEpoch = epoch);
    }

    /**
     * This consumer's share of every epoch when {@code worldSize} consumers train together, such
     * that every segment of the epoch reaches exactly one rank and every rank gives the same number
     * of batches. Before the first epoch the pipeline reads every file's header (blocking, on the
     * decode threads) and counts the segments each file gives; each epoch's files, in the order
     * common to every rank of a seed ({@link #fileOrder}), are then one list of N segments, and
     * rank r takes the contiguous range {@code [r N / W, (r + 1) N / W)} of it: whole files, and
     * where a file straddles two ranges its head to one rank and its tail to the next (both decode
     * it, each keeping its own segments). Every rank gives {@code ceil(ceil(N / W) / B)} full
     * batches: a rank whose segments do not fill them fills its last batch with padding, its first
     * segments delivered again (at most B items), marked by {@link Batch#padding()}; with
     * {@code dropLast(false)} it pads only up to one item in its last batch, which may then be
     * partial. Together the ranks' own items are exactly the segments of the epoch with one rank
     * (whose last partial batch {@code dropLast} may drop), each once.
     *
     * <p>Where a header's count is wrong, the ranges still partition the segments the files
     * really give: the rank that holds a file's tail takes all of it. A rank given more segments
     * than its batches hold drops the rest, counted; one given fewer pads more. Each epoch's
     * account (segments, padding, dropped) goes to the {@link #shardReport(ShardReport) report},
     * with a warning in the log when it differs from the headers. With one rank nothing is read
     * ahead and nothing padded.
     */
    public AudioPipeline shard(int rank, int worldSize) {
        positive(worldSize, "worldSize");
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank must be in 0.." + (worldSize - 1) + ": " + rank);
        }
        return with(s -> {
            s.rank = rank;
            s.worldSize = worldSize;
        });
    }

    /**
     * Where each sharded epoch's account is recorded (see {@link #shard}): a fresh report for each
     * pipeline made by {@link #from}, which this call replaces; share one across pipelines to
     * total them.
     */
    public AudioPipeline shardReport(ShardReport report) {
        Objects.requireNonNull(report, "shardReport");
        return with(s -> s.shardReport = report);
    }

    /** The report each sharded epoch's account goes to. */
    public ShardReport shardReport() {
        return settings.shardReport;
    }

    /** Refuses to start, with the knob to turn, if {@link #memoryEstimate()} exceeds {@code bytes}. */
    public AudioPipeline memoryBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("memoryBudget must be positive: " + bytes);
        }
        return with(s -> s.memoryBudget = bytes);
    }

    /**
     * Starts right after the batch that carried {@code checkpoint}, which must come from a pipeline
     * of the same configuration (sources, seed, framing, window, batch, lanes, shard, conform); the
     * decode threads, layout and pool may differ.
     */
    public AudioPipeline resumeFrom(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        return with(s -> s.resume = checkpoint);
    }

    /**
     * Whether the batcher gives the decoders back the arrays of the windows it has copied: when
     * chunks are whole windows (see {@link Framing#alignedFirstChunkFrames}) and no augmentation,
     * which may keep or share a segment's array, stands between them.
     */
    private static boolean recyclesWindows(PipelineSettings s) {
        return EpochRun.alignsChunks(s.framing) && s.augmentations.isEmpty();
    }

    /** The worst-case memory of this configuration; see {@link MemoryEstimate}. */
    public MemoryEstimate memoryEstimate() {
        PipelineSettings s = settings;
        int channels = s.conform != null && s.conform.channels().fixedChannels().isPresent()
                ? s.conform.channels().fixedChannels().getAsInt() : 2;
        int frames = s.framing.maxFrames();
        long segment = (long) frames * channels * Float.BYTES;
        long window = (long) s.shuffle * frames * channels * (s.int16Window ? Short.BYTES : Float.BYTES);
        long chunks = EpochRun.alignsChunks(s.framing)
                ? (long) (EpochRun.ALIGNED_DECODE_PREFETCH + EpochRun.ALIGNED_CPU_PREFETCH + 1) * segment
                : (long) (s.decode.prefetch() + EpochRun.CPU_PREFETCH) * s.decode.chunkFrames() * channels
                        * Float.BYTES;
        long decode = s.lanes * (chunks + (EpochRun.MERGE_PREFETCH + 1) * segment);
        long gather = (s.batch + (s.augmentations.isEmpty() ? 0 : Augment.DEFAULT_CONCURRENCY)
                + (recyclesWindows(s) ? s.batch : 0)) * segment;
        long pool = s.poolSize * s.batch * segment;
        long remoteReadAhead = readsRemoteShards(s.sources) ? 2L * s.lanes * ByteSources.REMOTE_READ_AHEAD_BYTES : 0;
        return new MemoryEstimate(window, decode, gather, pool, remoteReadAhead, featureBytes(frames, channels),
                channels);
    }

    /** Whether some source is a member of a shard on a server (a URL, not a local path). */
    private static boolean readsRemoteShards(SourceSet sources) {
        return sources != null && sources.sources().stream()
                .anyMatch(a -> a.inShard() && ByteSources.isUrl(a.location().shard()));
    }

    /** The feature pool and the workers' scratch, for segments of {@code frames} frames; 0 without features. */
    private long featureBytes(int frames, int channels) {
        FeatureExtractor extractor = settings.features;
        if (extractor == null) {
            return 0;
        }
        long matrix = (long) extractor.bins() * extractor.frames(frames);
        long pool = (long) settings.poolSize * settings.batch * channels * matrix * Float.BYTES;
        long scratch = (long) Schedulers.DEFAULT_POOL_SIZE * (frames + matrix) * Float.BYTES;
        return pool + scratch;
    }

    /**
     * The sources in the order epoch {@code epoch} reads them, before sharding: a keyed
     * Fisher-Yates shuffle of the files, or of the shards for samples of tar shards (each shard's
     * samples then follow in archive order, so a shard is read front to back; the shuffle window
     * mixes the samples of the shards the lanes read at once).
     */
    public List<AudioSource> fileOrder(long epoch) {
        List<List<AudioSource>> order = ShardGroups.of(settings.sources.sources());
        SplittableRandom random = KeyedRandom.of(settings.seed, epoch, 0, KeyedRandom.Stage.FILE_ORDER);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            List<AudioSource> swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        List<AudioSource> flat = new ArrayList<>(settings.sources.size());
        order.forEach(flat::addAll);
        return flat;
    }

    /**
     * The batches, epoch after epoch; nothing is read before subscription. Fails at once if the
     * memory estimate exceeds the budget or the checkpoint to resume from belongs to another
     * configuration.
     */
    public Flux<Batch> flux() {
        PipelineSettings s = settings;
        return Flux.defer(() -> {
            MemoryEstimate memory = memoryEstimate();
            if (memory.total() > s.memoryBudget) {
                return Flux.error(new IllegalStateException(memory.refusal(s.memoryBudget)));
            }
            Resume resume = new Resume(s);
            Optional<IllegalArgumentException> refusal = resume.refusal();
            if (refusal.isPresent()) {
                return Flux.error(refusal.get());
            }
            boolean tuned = s.autotune != null && !s.decode.concurrencyExplicit();
            return Flux.using(
                    () -> Schedulers.newBoundedElastic(tuned ? s.lanes : s.decode.concurrency(),
                            Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "reactive-audio-decode", 60, true),
                    threads -> tuned ? tunedEpochs(resume, threads) : epochs(resume, threads),
                    AudioPipeline::disposeOffThread);
        });
    }

    /**
     * The {@link #features features} of the batches, epoch after epoch, as {@link FeatureBatch}es
     * in {@link #featureLayout}: {@code (B, bins, frames)} or {@code (B, frames, bins)}, with the
     * channels after B when the audio has several. Each carries its audio batch's labels, lengths,
     * indices and checkpoint, so {@link #resumeFrom} with it continues with the feature batches that
     * followed; shards, epochs and the memory budget work as for {@link #flux()}. The features are
     * computed on {@code parallel()} threads in batch order; audio batches are released as soon as
     * their features are written, and feature buffers come from a pool of {@link #poolSize}
     * buffers, which the consumer releases like batches.
     *
     * @throws IllegalStateException if no extractor was set with {@link #features}
     */
    public Flux<FeatureBatch> featureFlux() {
        PipelineSettings s = settings;
        if (s.features == null) {
            throw new IllegalStateException("featureFlux() needs an extractor: set one with features(extractor)");
        }
        BatchFeatures stage = BatchFeatures.of(s.features).layout(s.featureLayout).poolSize(s.poolSize)
                .maxFrames(s.framing.maxFrames());
        if (s.specAugment != null) {
            stage = stage.augment(s.specAugment.seed(s.seed));
        }
        return flux().transform(stage);
    }

    /** The epochs with the files decoding at once set by the autotuner, from the cores up to the lanes. */
    private Flux<Batch> tunedEpochs(Resume resume, Scheduler threads) {
        Autotune tuner = settings.autotune;
        DecodeGate gate = new DecodeGate(Math.min(settings.lanes, Runtime.getRuntime().availableProcessors()));
        tuner.start(gate, settings.lanes);
        return with(s -> s.decode = s.decode.gated(gate)).epochs(resume, threads)
                .doOnNext(batch -> tuner.delivered());
    }

    private Flux<Batch> epochs(Resume resume, Scheduler threads) {
        if (settings.worldSize == 1) {
            return epochs(resume, threads, null);
        }
        return Mono.fromCallable(() -> new ShardPlan(settings)).subscribeOn(threads)
                .flatMapMany(plan -> epochs(resume, threads, plan));
    }

    private Flux<Batch> epochs(Resume resume, Scheduler threads, ShardPlan plan) {
        PipelineSettings s = settings;
        int frames = s.framing.maxFrames();
        Batcher batcher = Batcher.of(s.batch).layout(s.layout).poolSize(s.poolSize).dropLast(s.dropLast);
        if (!s.framing.fixedLength()) {
            batcher = batcher.padToLongest(frames);
        }
        if (s.conform != null && s.conform.channels().fixedChannels().isPresent()) {
            int channels = s.conform.channels().fixedChannels().getAsInt();
            batcher = batcher.pool(new BufferPool(s.batch * frames * channels * Float.BYTES, s.poolSize));
        }
        WindowArrays windowArrays = null;
        if (recyclesWindows(s)) {
            windowArrays = new WindowArrays(s.batch);
            batcher = batcher.recycle(windowArrays::give);
        }
        Batcher stage = batcher;
        WindowArrays arrays = windowArrays;
        long first = resume.firstEpoch();
        return Flux.<Long, Long>generate(() -> first, (epoch, sink) -> {
            if (epoch >= s.epochs) {
                sink.complete();
            } else {
                sink.next(epoch);
            }
            return epoch + 1;
        }).concatMap(epoch -> {
            ShardShare share = plan == null ? null : plan.share(epoch, fileOrder(epoch));
            if (share != null && share.batches() == 0) {
                return Flux.error(new IllegalStateException("epoch " + epoch + ": the files' headers count no"
                        + " segment of " + frames + " frames, so no rank of " + s.worldSize + " has a batch"));
            }
            List<FilePart> parts = share != null ? share.parts()
                    : fileOrder(epoch).stream().map(FilePart::whole).toList();
            EpochRun lanes = new EpochRun(s, epoch, parts, threads, arrays);
            ShuffleWindow<Arrival> window = ShuffleWindow.of(s.shuffle).initialFill(s.initialFill).growth(s.growth)
                    .seed(s.seed).epoch(epoch);
            Flux<Batch> batches = resume.batches(lanes, window, augmentation(epoch), stage.epoch(epoch), share);
            if (share != null || resume.resumes(epoch)) {
                return batches;
            }
            return batches.switchIfEmpty(Flux.error(() -> new IllegalStateException("epoch " + epoch
                    + " produced no batch: the corpus gives fewer than " + s.batch + " segments of " + frames
                    + " frames")));
        }, 0);
    }

    /**
     * What epoch {@code epoch}'s segments go through between the shuffle window and the batcher:
     * the {@link #augment} stages, keyed by (seed, epoch, source, ordinal, stage), if any.
     */
    private UnaryOperator<Flux<Segment>> augmentation(long epoch) {
        PipelineSettings s = settings;
        if (s.augmentations.isEmpty()) {
            return UnaryOperator.identity();
        }
        return segments -> segments.transform(Augment.of(s.augmentations).seed(s.seed).epoch(epoch)
                .keepLength(s.framing.fixedLength()).maxFrames(s.framing.maxFrames()));
    }

    /**
     * Disposes the decode threads from a bounded-elastic thread: the stream may end on a parallel
     * thread, where shutting an executor down could park on its lock.
     */
    private static void disposeOffThread(Scheduler threads) {
        try {
            Schedulers.boundedElastic().schedule(threads::dispose);
        } catch (RejectedExecutionException e) {
            threads.dispose();
        }
    }

    private AudioPipeline with(Consumer<PipelineSettings> change) {
        PipelineSettings next = settings.copy();
        change.accept(next);
        return new AudioPipeline(next);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
