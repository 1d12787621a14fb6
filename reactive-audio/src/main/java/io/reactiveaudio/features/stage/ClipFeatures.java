package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The features operator for whole mono clips: each {@code float[]} clip of n samples becomes a
 * {@link FeatureMatrix} of one channel, {@code bins()} by {@code frames(n)}, in the chosen layout.
 *
 * <p><b>Threads and order.</b> Up to {@link #concurrency()} clips are computed at once on
 * {@link Schedulers#parallel()}, each by a worker borrowed from the subscription's pool, and
 * emitted in input order on a parallel thread. <b>Demand.</b> It requests {@code concurrency}
 * clips ahead and one more as each result leaves: it holds at most {@code concurrency} clips and
 * their results. Clips are read, never changed or kept; each result array is new and owned by
 * the consumer.
 *
 * <p>Immutable and thread-safe; every setter returns a new operator, and the workers of each
 * subscription are its own.
 */
public final class ClipFeatures implements Function<Flux<float[]>, Flux<FeatureMatrix>> {

    private final FeatureExtractor extractor;
    private final FeatureLayout layout;
    private final int concurrency;

    private ClipFeatures(FeatureExtractor extractor, FeatureLayout layout, int concurrency) {
        this.extractor = extractor;
        this.layout = layout;
        this.concurrency = concurrency;
    }

    /** Clips' features by {@code extractor}, {@link FeatureLayout#BINS_FRAMES}, one clip per parallel thread at once. */
    public static ClipFeatures of(FeatureExtractor extractor) {
        return new ClipFeatures(Objects.requireNonNull(extractor, "extractor"), FeatureLayout.BINS_FRAMES,
                Schedulers.DEFAULT_POOL_SIZE);
    }

    /** The layout of each result. */
    public ClipFeatures layout(FeatureLayout order) {
        return new ClipFeatures(extractor, Objects.requireNonNull(order, "layout"), concurrency);
    }

    /** Clips computed at once (at least 1): also the clips held ahead of the output. */
    public ClipFeatures concurrency(int clips) {
        if (clips < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + clips);
        }
        return new ClipFeatures(extractor, layout, clips);
    }

    /** Clips computed at once. */
    public int concurrency() {
        return concurrency;
    }

    @Override
    public Flux<FeatureMatrix> apply(Flux<float[]> clips) {
        return Flux.defer(() -> {
            WorkerPool workers = new WorkerPool(extractor);
            return clips.flatMapSequential(clip -> Mono.fromCallable(() -> compute(workers, clip))
                    .subscribeOn(Schedulers.parallel()), concurrency, 1);
        });
    }

    private FeatureMatrix compute(WorkerPool workers, float[] clip) {
        float[] values = new float[extractor.bins() * extractor.frames(clip.length)];
        RowWorker worker = workers.acquire();
        try {
            worker.worker().compute(clip, 0, clip.length, values, 0, layout);
        } finally {
            workers.release(worker);
        }
        return new FeatureMatrix(values, 1, extractor.bins(), extractor.frames(clip.length), layout);
    }
}
