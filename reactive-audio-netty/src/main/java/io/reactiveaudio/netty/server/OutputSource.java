package io.reactiveaudio.netty.server;

import io.reactiveaudio.batch.PooledBatch;
import reactor.core.publisher.Flux;

/**
 * A served stream of batches of another kind than audio or features, such as a model's outputs
 * ({@code reactive-audio-onnx}'s {@code InferenceBatch}): the batches of one epoch for a
 * {@link StreamRequest}, opened and released as a {@link BatchSource}'s. Each batch goes out with its
 * {@link PooledBatch#bytes()} as the big tensor, named and described when the stream is served
 * ({@link AudioServer.Builder#outputStream}).
 */
@FunctionalInterface
public interface OutputSource {

    /** The batches of {@code request}'s epoch, after its checkpoint if it has one. */
    Flux<? extends PooledBatch> open(StreamRequest request);
}
