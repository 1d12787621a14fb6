package io.reactiveaudio.features.stage;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.specaugment.SpecAugment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The features operator for batches: each audio {@link Batch} of B items, T samples and C
 * channels becomes a {@link FeatureBatch} of shape {@code (B, bins, frames)} or
 * {@code (B, frames, bins)} (C after B when C > 1, each channel computed alone), with
 * {@code frames = extractor.frames(T)}; labels, lengths, source indices, ordinals and checkpoint
 * carry over. Padded items get the features of their own samples and zeros after their own frames
 * (see {@link FeatureBatch}). With {@link #augment} each item's features are then masked in place
 * (SpecAugment), on the same thread, keyed by the batch's epoch and the item's source and ordinal.
 *
 * <p><b>Threads and order.</b> A batch's items are split into as many parts as
 * {@link Schedulers#parallel()} has threads; each part runs on a parallel thread with a worker
 * borrowed from the subscription's pool and writes its items into their own places, so the output
 * is bit-identical whatever the thread count. Batches are computed one after another (each already
 * uses every parallel thread) and leave in input order, on a parallel thread.
 * ({@code concatMap}, not {@code flatMapSequential}: Reactor 3.8.7's {@code flatMapSequential}
 * drops the results it has queued on cancel without discarding them, which would leak pooled buffers.)
 *
 * <p><b>Demand and memory.</b> It holds the batch being computed and requests {@link #prefetch()}
 * audio batches ahead of it. Feature buffers come from a {@link BufferPool} of
 * {@link #poolSize()} buffers of {@code B * C * bins * extractor.frames(maxFrames) * 4} bytes
 * (made at the subscription's first batch, with {@code maxFrames} the first batch's T unless set;
 * or the pool given to {@link #pool}). The pool must cover the batch being computed plus those
 * requested downstream and not yet released; an exhausted pool fails the stream at once, as a
 * {@code Batcher}'s does. Each worker keeps scratch of about {@code (T + bins * frames) * 4}
 * bytes; there are at most as many workers as parallel threads.
 *
 * <p><b>Release.</b> Each audio batch is released as soon as its features are written, or when
 * the stream is cancelled or fails (after its running parts finish). Feature batches this
 * operator made but had not handed over when the stream was cancelled or failed are released,
 * whichever Reactor operator held them (see {@link Deliveries}); later operators that drop them need
 * {@code doOnDiscard(FeatureBatch.class, FeatureBatch::release)} after them, and the consumer
 * releases each one it receives.
 *
 * <pre>{@code
 * segments.transform(Batcher.of(32))
 *         .transform(BatchFeatures.of(logMel).layout(FeatureLayout.FRAMES_BINS))
 *         .subscribe(features -> {
 *             try (features) {
 *                 train(features.features(), features.frameLengths(), features.labels());
 *             }
 *         });
 * }</pre>
 *
 * <p>Immutable and thread-safe; every setter returns a new operator, and each subscription has its
 * own pool (unless one is given) and workers.
 */
public final class BatchFeatures implements Function<Flux<Batch>, Flux<FeatureBatch>> {

    /** Default number of feature buffers per subscription: the batch being computed plus a consumer's prefetch of 3. */
    public static final int DEFAULT_POOL_SIZE = 4;
    /** Default number of audio batches requested ahead of the one being computed. */
    public static final int DEFAULT_PREFETCH = 1;

    private final Settings settings;

    private BatchFeatures(Settings settings) {
        this.settings = settings;
    }

    /**
     * Batches' features by {@code extractor}, {@link FeatureLayout#BINS_FRAMES} (torchaudio's
     * {@code (B, n_mels, time)}), {@value #DEFAULT_PREFETCH} audio batch requested ahead, a pool of
     * {@value #DEFAULT_POOL_SIZE} buffers sized by the first batch.
     */
    public static BatchFeatures of(FeatureExtractor extractor) {
        Settings settings = new Settings();
        settings.extractor = Objects.requireNonNull(extractor, "extractor");
        return new BatchFeatures(settings);
    }

    /** The layout of each item's matrices. */
    public BatchFeatures layout(FeatureLayout order) {
        Objects.requireNonNull(order, "layout");
        return with(s -> s.layout = order);
    }

    /** Audio batches requested ahead of the one being computed (at least 1); they wait unreleased in a queue. */
    public BatchFeatures prefetch(int batches) {
        positive(batches, "prefetch");
        return with(s -> s.prefetch = batches);
    }

    /** Feature buffers in the pool made for each subscription (at least 1); not used with {@link #pool}. */
    public BatchFeatures poolSize(int buffers) {
        positive(buffers, "poolSize");
        return with(s -> s.poolSize = buffers);
    }

    /**
     * The longest audio batch, T in samples, that the pool's buffers must hold: needed when batches
     * are padded to their longest item and the first may be shorter than later ones. A longer batch
     * fails the stream naming this bound.
     */
    public BatchFeatures maxFrames(int samples) {
        positive(samples, "maxFrames");
        return with(s -> s.maxFrames = samples);
    }

    /** Takes feature buffers from {@code shared}, whose capacity must hold the largest feature batch. */
    public BatchFeatures pool(BufferPool shared) {
        Objects.requireNonNull(shared, "pool");
        return with(s -> s.pool = shared);
    }

    /**
     * Masks every item's features with {@code specAugment} right after they are computed (all
     * channels alike, padding frames untouched), adding what it applied to
     * {@link FeatureBatch#augmentations()}.
     */
    public BatchFeatures augment(SpecAugment specAugment) {
        Objects.requireNonNull(specAugment, "specAugment");
        return with(s -> s.masks = specAugment);
    }

    /** Audio batches requested ahead of the one being computed. */
    public int prefetch() {
        return settings.prefetch;
    }

    /** The most feature batches outstanding at once: the pool size, or the given pool's {@code maxBuffers}. */
    public int poolSize() {
        return settings.pool == null ? settings.poolSize : settings.pool.maxBuffers();
    }

    /**
     * Bytes of one feature buffer for batches of {@code items} items, {@code samples} samples (T)
     * and {@code channels} channels: {@code items * channels * bins * extractor.frames(samples) * 4}.
     */
    public long bufferBytes(int items, int samples, int channels) {
        FeatureExtractor extractor = settings.extractor;
        return (long) items * channels * extractor.bins() * extractor.frames(samples) * Float.BYTES;
    }

    @Override
    public Flux<FeatureBatch> apply(Flux<Batch> batches) {
        return Flux.defer(() -> {
            Subscription state = new Subscription();
            return batches.concatMap(state::job, settings.prefetch)
                    .<FeatureBatch>handle((batch, sink) -> {
                        if (state.deliveries.handOver(batch)) {
                            sink.next(batch);
                        }
                    })
                    .doFinally(signal -> state.deliveries.close())
                    .doOnDiscard(FeatureBatch.class, FeatureBatch::release)
                    .doOnDiscard(Batch.class, Batch::release);
        });
    }

    /** A new operator with a copy of these settings, changed by {@code change}. */
    private BatchFeatures with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new BatchFeatures(next);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    /** One subscription's workers, deliveries and pool, the pool made at the first batch. */
    private final class Subscription {

        private final FeatureExtractor extractor = settings.extractor;
        private final WorkerPool workers = new WorkerPool(extractor);
        private final Deliveries deliveries = new Deliveries();
        private BufferPool buffers = settings.pool;

        /** The features of {@code audio}; the audio is released whatever happens. */
        Mono<FeatureBatch> job(Batch audio) {
            ByteBuffer buffer;
            try {
                buffer = buffers(audio).acquire();
            } catch (RuntimeException e) {
                audio.release();
                return Mono.error(e);
            }
            return new BatchJob(audio, buffers, buffer, extractor, settings.layout, settings.masks, workers,
                    deliveries).run();
        }

        private BufferPool buffers(Batch audio) {
            int frames = extractor.frames(audio.frames());
            if (frames == 0) {
                throw new IllegalArgumentException("items of " + audio.frames() + " samples give no feature frame"
                        + " with " + extractor.stft());
            }
            long needed = bufferBytes(audio.size(), audio.frames(), audio.channels());
            if (buffers == null) {
                long bytes = bufferBytes(audio.size(), Math.max(settings.maxFrames, audio.frames()), audio.channels());
                if (bytes > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a feature batch of " + bytes + " bytes is over the 2 GiB a"
                            + " buffer can hold: " + audio);
                }
                buffers = new BufferPool((int) bytes, settings.poolSize);
            }
            if (needed > buffers.capacity()) {
                throw new IllegalArgumentException("the features of " + audio + " take " + needed + " bytes, more than"
                        + " the pool's buffers of " + buffers.capacity() + (settings.pool == null
                        ? " (sized for batches of the first's size and frames; set maxFrames to the longest T)" : ""));
            }
            return buffers;
        }
    }

    /** The operator's settings; changed only on a fresh {@link #copy()} while a setter makes a new operator. */
    private static final class Settings implements Cloneable {

        FeatureExtractor extractor;
        FeatureLayout layout = FeatureLayout.BINS_FRAMES;
        int prefetch = DEFAULT_PREFETCH;
        int poolSize = DEFAULT_POOL_SIZE;
        /** The pool given to {@link BatchFeatures#pool}; null for a pool per subscription. */
        BufferPool pool;
        /** The longest audio batch's T the pool must hold; 0 for the first batch's. */
        int maxFrames;
        /** The SpecAugment masks; null for none. */
        SpecAugment masks;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
