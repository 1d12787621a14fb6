package io.reactiveaudio.onnx;

/**
 * Something the inference operator did to items other than infer them, recorded in an
 * {@link InferenceReport}: rows of zeros added to fill a model's fixed batch size, or an item
 * dropped by {@link Infer#keepWhere}.
 */
public sealed interface InferenceEvent {

    /** The epoch of the batch concerned. */
    long epoch();

    /**
     * {@code rows} rows of zeros added after {@code items} items of a batch to fill one run of a
     * model whose batch size is fixed at {@code items + rows}; the mask input, if any, marked them 0,
     * and their outputs were dropped. {@code sourceIndex} and {@code ordinal} name the batch's first item.
     */
    record RowsPadded(long epoch, long sourceIndex, long ordinal, int items, int rows) implements InferenceEvent {
    }

    /**
     * Item ({@code sourceIndex}, {@code ordinal}) of epoch {@code epoch} dropped because its row of
     * output {@code output} failed the {@link Infer#keepWhere} predicate.
     */
    record ItemDropped(long epoch, long sourceIndex, long ordinal, String output) implements InferenceEvent {
    }
}
