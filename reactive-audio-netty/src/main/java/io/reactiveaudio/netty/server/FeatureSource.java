package io.reactiveaudio.netty.server;

import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.pipeline.AudioPipeline;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * A served stream of feature batches, opened per epoch like a {@link BatchSource}; its batches
 * go out as the {@code features} tensor with {@code frame_lengths}.
 */
@FunctionalInterface
public interface FeatureSource {

    /** The feature batches of {@code request}'s epoch, after its checkpoint if it has one. */
    Flux<FeatureBatch> open(StreamRequest request);

    /** Every epoch of {@code base}'s {@link AudioPipeline#featureFlux()}, narrowed to each request. */
    static FeatureSource of(AudioPipeline base) {
        return of(base, Long.MAX_VALUE);
    }

    /** Epochs {@code 0 .. epochs - 1} of {@code base}'s features, narrowed to each request; none after. */
    static FeatureSource of(AudioPipeline base, long epochs) {
        Objects.requireNonNull(base, "base");
        return request -> request.epoch() >= epochs ? Flux.empty() : request.apply(base).featureFlux();
    }
}
