package io.reactiveaudio.features.stream;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The streaming features operator: a {@code Flux<float[]>} of mono chunks of any sizes (live
 * audio, endless or not) becomes a {@code Flux<FeatureFrames>} whose frames, in order, equal to
 * float rounding the extractor's offline result on the concatenated signal. Each chunk gives one
 * block of the frames it completes (none if it completes no frame); completion pads the end of a
 * centred stream and gives the last block. See {@link StreamingExtractor} for centring and the
 * frames of very short streams.
 *
 * <p><b>Threads, demand and memory.</b> Chunks are handed to {@link Schedulers#parallel()} through
 * a queue of {@link #prefetch()} chunks and computed there, one at a time, in order; a chunk that
 * completes no frame is answered by a request for another, so demand is respected and nothing is
 * unbounded: per subscription, the queued chunks, fewer than {@code n_fft} samples of stream state
 * and the block being emitted. Chunks are read, not kept, but the queue holds them until then, so
 * a producer must not reuse a chunk array after emitting it. Each block is a new array owned by
 * the consumer.
 *
 * <pre>{@code
 * Flux<FeatureFrames> live = microphone()                  // Flux<float[]>, mono, 16 kHz
 *         .transform(StreamingFeatures.of(logMelWithoutTopDb));
 * }</pre>
 *
 * <p>Immutable and thread-safe; each subscription has its own stream state.
 */
public final class StreamingFeatures implements Function<Flux<float[]>, Flux<FeatureFrames>> {

    /** Default chunks queued between the producer and the parallel thread that computes. */
    public static final int DEFAULT_PREFETCH = 8;

    private final Settings settings;

    private StreamingFeatures(Settings settings) {
        this.settings = settings;
    }

    /**
     * Streaming features by {@code extractor}, blocks in {@link FeatureLayout#FRAMES_BINS} (a frame's
     * bins together, as a stream grows), {@value #DEFAULT_PREFETCH} chunks queued.
     *
     * @throws IllegalArgumentException if the extractor is not frame-local
     */
    public static StreamingFeatures of(FeatureExtractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        StreamingExtractor.requireFrameLocal(extractor);
        Settings settings = new Settings();
        settings.extractor = extractor;
        return new StreamingFeatures(settings);
    }

    /** The layout of each block; {@link FeatureLayout#BINS_FRAMES} transposes each block. */
    public StreamingFeatures layout(FeatureLayout order) {
        Objects.requireNonNull(order, "layout");
        return with(s -> s.layout = order);
    }

    /** Chunks queued ahead of the computation (at least 1). */
    public StreamingFeatures prefetch(int chunks) {
        if (chunks < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1: " + chunks);
        }
        return with(s -> s.prefetch = chunks);
    }

    /** Chunks queued ahead of the computation. */
    public int prefetch() {
        return settings.prefetch;
    }

    @Override
    public Flux<FeatureFrames> apply(Flux<float[]> chunks) {
        return Flux.defer(() -> {
            StreamingExtractor stream = new StreamingExtractor(settings.extractor);
            return chunks.publishOn(Schedulers.parallel(), settings.prefetch)
                    .<FeatureFrames>handle((chunk, sink) -> {
                        long first = stream.frames();
                        float[] out = new float[stream.framesAfter(chunk.length) * stream.bins()];
                        int count = stream.push(chunk, 0, chunk.length, out, 0);
                        if (count > 0) {
                            sink.next(block(out, count, first));
                        }
                    })
                    .concatWith(Mono.fromSupplier(() -> {
                        long first = stream.frames();
                        float[] out = new float[stream.framesAtFinish() * stream.bins()];
                        int count = stream.finish(out, 0);
                        return count == 0 ? null : block(out, count, first);
                    }));
        });
    }

    /** {@code count} frames written frame by frame, in the operator's layout. */
    private FeatureFrames block(float[] framesBins, int count, long first) {
        int bins = settings.extractor.bins();
        if (settings.layout == FeatureLayout.FRAMES_BINS) {
            return new FeatureFrames(framesBins, bins, count, first, settings.layout);
        }
        float[] binsFrames = new float[framesBins.length];
        for (int t = 0; t < count; t++) {
            for (int k = 0; k < bins; k++) {
                binsFrames[k * count + t] = framesBins[t * bins + k];
            }
        }
        return new FeatureFrames(binsFrames, bins, count, first, settings.layout);
    }

    /** A new operator with a copy of these settings, changed by {@code change}. */
    private StreamingFeatures with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new StreamingFeatures(next);
    }

    /** The operator's settings; changed only on a fresh {@link #copy()} while a setter makes a new operator. */
    private static final class Settings implements Cloneable {

        FeatureExtractor extractor;
        FeatureLayout layout = FeatureLayout.FRAMES_BINS;
        int prefetch = DEFAULT_PREFETCH;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
