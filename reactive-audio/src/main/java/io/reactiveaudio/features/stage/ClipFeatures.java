package io.reactiveaudio.features.stage;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
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

    private final ItemSettings settings;

    private ClipFeatures(ItemSettings settings) {
        this.settings = settings;
    }

    /** Clips' features by {@code extractor}, {@link FeatureLayout#BINS_FRAMES}, one clip per parallel thread at once. */
    public static ClipFeatures of(FeatureExtractor extractor) {
        return new ClipFeatures(new ItemSettings(extractor));
    }

    /** The layout of each result. */
    public ClipFeatures layout(FeatureLayout order) {
        return new ClipFeatures(settings.layout(order));
    }

    /** Clips computed at once (at least 1): also the clips held ahead of the output. */
    public ClipFeatures concurrency(int clips) {
        return new ClipFeatures(settings.concurrency(clips));
    }

    /** Clips computed at once. */
    public int concurrency() {
        return settings.concurrency();
    }

    @Override
    public Flux<FeatureMatrix> apply(Flux<float[]> clips) {
        return Flux.defer(() -> {
            WorkerPool workers = new WorkerPool(settings.extractor());
            return clips.flatMapSequential(clip -> Mono.fromCallable(() -> compute(workers, clip))
                    .subscribeOn(Schedulers.parallel()), settings.concurrency(), 1);
        });
    }

    private FeatureMatrix compute(WorkerPool workers, float[] clip) {
        FeatureExtractor extractor = settings.extractor();
        FeatureLayout layout = settings.layout();
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
