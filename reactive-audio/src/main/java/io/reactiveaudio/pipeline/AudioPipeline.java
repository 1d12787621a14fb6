package io.reactiveaudio.pipeline;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.Batcher;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.conform.Conform;
import io.reactiveaudio.framing.RandomPrepend;
import io.reactiveaudio.framing.Segment;
import io.reactiveaudio.random.KeyedRandom;
import io.reactiveaudio.shuffle.ShuffleWindow;
import io.reactiveaudio.source.AudioSource;
import io.reactiveaudio.source.SourceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;

/**
 * The training pipeline as one fluent description: sources, decode, sample rate and channels,
 * framing, shuffle window, batches, epochs, seed.
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
 * <p>Each epoch lists the sources in an order drawn from (seed, epoch, FILE_ORDER), decodes them
 * in that order (the decode operator keeps it, whatever its concurrency), conforms them, cuts
 * segments with {@link RandomPrepend}, mixes them in a {@link ShuffleWindow} and packs them with a
 * {@link Batcher}; the epochs follow one another ({@link #epochs}, default endless). Every random
 * draw is keyed by (seed, epoch, index), so the same seed gives bit-identical batches whatever the
 * decode concurrency. Each epoch ends at its last full batch unless {@link #dropLast} is off; the
 * shuffle window does not span epochs.
 *
 * <p><b>Bounds.</b> Decode: {@code concurrency × prefetch} chunks; window: {@code shuffle} segments;
 * batches: the batcher's pool, shared by all epochs when the channel policy fixes the channel
 * count. Batches dropped by operators after {@link #flux()} need {@code doOnDiscard(Batch.class,
 * Batch::release)} placed after them; the consumer releases the batches it receives.
 *
 * <p>Immutable and thread-safe; every setter returns a new description.
 */
public final class AudioPipeline {

    private final SourceSet sources;
    private final Decode decode;
    private final Conform conform;
    private final int segmentFrames;
    private final int shuffleSize;
    private final int initialFill;
    private final int batchSize;
    private final Layout layout;
    private final int poolSize;
    private final boolean dropLast;
    private final long seed;
    private final long epochs;

    private AudioPipeline(SourceSet sources, Decode decode, Conform conform, int segmentFrames, int shuffleSize,
                          int initialFill, int batchSize, Layout layout, int poolSize, boolean dropLast, long seed,
                          long epochs) {
        this.sources = sources;
        this.decode = decode;
        this.conform = conform;
        this.segmentFrames = segmentFrames;
        this.shuffleSize = shuffleSize;
        this.initialFill = initialFill;
        this.batchSize = batchSize;
        this.layout = layout;
        this.poolSize = poolSize;
        this.dropLast = dropLast;
        this.seed = seed;
        this.epochs = epochs;
    }

    /**
     * A pipeline over a listed corpus with defaults: {@link Decode#defaults()}, sources kept at their
     * own rate and channels, segments of 196 608 frames, a window of 1 000 segments, batches of 32
     * in (B, T, C), seed 0, endless epochs.
     */
    public static AudioPipeline from(SourceSet sources) {
        return new AudioPipeline(Objects.requireNonNull(sources, "sources"), Decode.defaults(), null, 196_608, 1_000,
                1_000, 32, Layout.BTC, Batcher.DEFAULT_POOL_SIZE, true, 0, Long.MAX_VALUE);
    }

    /** The decode stage (concurrency, prefetch, error policy, report). */
    public AudioPipeline decode(Decode stage) {
        return new AudioPipeline(sources, Objects.requireNonNull(stage, "decode"), conform, segmentFrames, shuffleSize,
                initialFill, batchSize, layout, poolSize, dropLast, seed, epochs);
    }

    /** Resample every source to {@code sampleRate} Hz and map its channels. */
    public AudioPipeline conform(int sampleRate, ChannelPolicy channels) {
        return new AudioPipeline(sources, decode, Conform.to(sampleRate, channels), segmentFrames, shuffleSize,
                initialFill, batchSize, layout, poolSize, dropLast, seed, epochs);
    }

    /** Segments of {@code frames} sample frames, cut with the reference's random prepend. */
    public AudioPipeline frames(int frames) {
        positive(frames, "frames");
        return new AudioPipeline(sources, decode, conform, frames, shuffleSize, initialFill, batchSize, layout,
                poolSize, dropLast, seed, epochs);
    }

    /** A shuffle window of {@code segments}, filled completely before the first segment leaves. */
    public AudioPipeline shuffle(int segments) {
        positive(segments, "shuffle");
        return new AudioPipeline(sources, decode, conform, segmentFrames, segments, segments, batchSize, layout,
                poolSize, dropLast, seed, epochs);
    }

    /** Lets the first segment leave after {@code segments} arrivals (see {@link ShuffleWindow#initialFill}). */
    public AudioPipeline initialFill(int segments) {
        if (segments < 1 || segments > shuffleSize) {
            throw new IllegalArgumentException("initialFill must be between 1 and the shuffle size " + shuffleSize
                    + ": " + segments);
        }
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, segments, batchSize, layout,
                poolSize, dropLast, seed, epochs);
    }

    /** Batches of {@code size} segments. */
    public AudioPipeline batch(int size) {
        positive(size, "batch");
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, initialFill, size, layout,
                poolSize, dropLast, seed, epochs);
    }

    /** The batch layout, (B, T, C) or (B, C, T). */
    public AudioPipeline layout(Layout batchLayout) {
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, initialFill, batchSize,
                Objects.requireNonNull(batchLayout, "layout"), poolSize, dropLast, seed, epochs);
    }

    /** Batch buffers in the pool: the batches a consumer may hold unreleased at once. */
    public AudioPipeline poolSize(int buffers) {
        positive(buffers, "poolSize");
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, initialFill, batchSize, layout,
                buffers, dropLast, seed, epochs);
    }

    /** Whether each epoch's last, partial batch is dropped (default) or emitted smaller. */
    public AudioPipeline dropLast(boolean drop) {
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, initialFill, batchSize, layout,
                poolSize, drop, seed, epochs);
    }

    /** The seed every random draw is keyed by. */
    public AudioPipeline seed(long runSeed) {
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, initialFill, batchSize, layout,
                poolSize, dropLast, runSeed, epochs);
    }

    /** How many epochs to run ({@code Long.MAX_VALUE}: endless, the default). */
    public AudioPipeline epochs(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("epochs must be at least 1: " + count);
        }
        return new AudioPipeline(sources, decode, conform, segmentFrames, shuffleSize, initialFill, batchSize, layout,
                poolSize, dropLast, seed, count);
    }

    /** The sources in the order epoch {@code epoch} reads them: a keyed Fisher-Yates shuffle. */
    public List<AudioSource> fileOrder(long epoch) {
        List<AudioSource> order = new ArrayList<>(sources.sources());
        SplittableRandom random = KeyedRandom.of(seed, epoch, 0, KeyedRandom.Stage.FILE_ORDER);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            AudioSource swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }

    /** The batches, epoch after epoch; nothing is read before subscription. */
    public Flux<Batch> flux() {
        return Flux.defer(() -> {
            Batcher batcher = Batcher.of(batchSize).layout(layout).poolSize(poolSize).dropLast(dropLast);
            if (conform != null && conform.channels().fixedChannels().isPresent()) {
                int channels = conform.channels().fixedChannels().getAsInt();
                batcher = batcher.pool(new BufferPool(batchSize * segmentFrames * channels * Float.BYTES, poolSize));
            }
            Batcher stage = batcher;
            return Flux.<Long, Long>generate(() -> 0L, (epoch, sink) -> {
                if (epoch >= epochs) {
                    sink.complete();
                } else {
                    sink.next(epoch);
                }
                return epoch + 1;
            }).concatMap(epoch -> epoch(epoch, stage), 0);
        });
    }

    private Flux<Batch> epoch(long epoch, Batcher batcher) {
        Flux<AudioChunk> chunks = Flux.fromIterable(fileOrder(epoch)).transform(decode);
        if (conform != null) {
            chunks = chunks.transform(conform);
        }
        Flux<Segment> segments = chunks.transform(RandomPrepend.of(segmentFrames).seed(seed).epoch(epoch));
        return segments
                .transform(ShuffleWindow.<Segment>of(shuffleSize).initialFill(initialFill).seed(seed).epoch(epoch))
                .transform(batcher)
                .switchIfEmpty(Flux.error(() -> new IllegalStateException("epoch " + epoch + " produced no batch: "
                        + "the corpus gives fewer than " + batchSize + " segments of " + segmentFrames + " frames")));
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
