package io.reactiveaudio.netty.server;

import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.PooledBatch;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.netty.internal.BatchTensors;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link BatchSource}, {@link FeatureSource} or {@link OutputSource} seen as tensors, opened on a
 * bounded-elastic thread.
 */
@FunctionalInterface
interface TensorSource {

    Flux<BatchTensors> open(StreamRequest request);

    static TensorSource of(BatchSource source) {
        return request -> Flux.defer(() -> source.open(request)).subscribeOn(Schedulers.boundedElastic(), false)
                .map(BatchTensors::of)
                .doOnDiscard(Batch.class, Batch::release);
    }

    static TensorSource of(FeatureSource source) {
        return request -> Flux.defer(() -> source.open(request)).subscribeOn(Schedulers.boundedElastic(), false)
                .map(BatchTensors::of)
                .doOnDiscard(FeatureBatch.class, FeatureBatch::release);
    }

    /**
     * An output source's batches as tensors whose big one is named {@code tensor}, its axes {@code axes}.
     *
     * @throws IllegalArgumentException if {@code tensor} is a small tensor's name
     */
    static TensorSource of(OutputSource source, String tensor, String axes) {
        BatchTensors.checkTensorName(tensor);
        Objects.requireNonNull(axes, "axes");
        return request -> Flux.defer(() -> source.open(request)).subscribeOn(Schedulers.boundedElastic(), false)
                .<BatchTensors>map(batch -> BatchTensors.of(batch, tensor, axes))
                .doOnDiscard(PooledBatch.class, PooledBatch::release);
    }
}
