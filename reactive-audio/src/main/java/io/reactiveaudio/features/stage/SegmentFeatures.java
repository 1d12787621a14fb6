package io.reactiveaudio.features.stage;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The features operator for segments (fixed-length frames or whole clips cut by a framing
 * operator): a segment of n frames and C channels becomes a {@link FeatureSegment} whose matrix
 * holds, channel by channel, the features of each channel alone: {@code (bins, frames(n))} or
 * {@code (frames(n), bins)}, with C in front when C > 1.
 *
 * <p><b>Threads and order.</b> Up to {@link #concurrency()} segments are computed at once on
 * {@link Schedulers#parallel()}, by workers borrowed from the subscription's pool, and emitted in
 * input order on a parallel thread. <b>Demand.</b> It requests {@code concurrency} segments ahead
 * and one more as each result leaves; it holds at most {@code concurrency} segments and results.
 * A segment whose result is not emitted (cancel) is simply dropped: segments own heap arrays only.
 *
 * <p>Immutable and thread-safe; every setter returns a new operator.
 */
public final class SegmentFeatures implements Function<Flux<Segment>, Flux<FeatureSegment>> {

    private final ItemSettings settings;

    private SegmentFeatures(ItemSettings settings) {
        this.settings = settings;
    }

    /** Segments' features by {@code extractor}, {@link FeatureLayout#BINS_FRAMES}, one segment per parallel thread at once. */
    public static SegmentFeatures of(FeatureExtractor extractor) {
        return new SegmentFeatures(new ItemSettings(extractor));
    }

    /** The layout of each channel's matrix. */
    public SegmentFeatures layout(FeatureLayout order) {
        return new SegmentFeatures(settings.layout(order));
    }

    /** Segments computed at once (at least 1): also the segments held ahead of the output. */
    public SegmentFeatures concurrency(int segments) {
        return new SegmentFeatures(settings.concurrency(segments));
    }

    /** Segments computed at once. */
    public int concurrency() {
        return settings.concurrency();
    }

    @Override
    public Flux<FeatureSegment> apply(Flux<Segment> segments) {
        return Flux.defer(() -> {
            WorkerPool workers = new WorkerPool(settings.extractor());
            return segments.flatMapSequential(segment -> Mono.fromCallable(() -> compute(workers, segment))
                    .subscribeOn(Schedulers.parallel()), settings.concurrency(), 1);
        });
    }

    private FeatureSegment compute(WorkerPool workers, Segment segment) {
        FeatureExtractor extractor = settings.extractor();
        FeatureLayout layout = settings.layout();
        int channels = segment.channels();
        int frames = extractor.frames(segment.frames());
        int matrix = extractor.bins() * frames;
        float[] values = new float[channels * matrix];
        RowWorker worker = workers.acquire();
        try {
            for (int c = 0; c < channels; c++) {
                float[] signal = channels == 1 ? segment.samples()
                        : worker.deinterleave(segment.samples(), channels, c, segment.frames());
                worker.worker().compute(signal, 0, segment.frames(), values, c * matrix, layout);
            }
        } finally {
            workers.release(worker);
        }
        return new FeatureSegment(segment.source(), segment.ordinal(), segment.sampleRate(),
                new FeatureMatrix(values, channels, extractor.bins(), frames, layout));
    }
}
