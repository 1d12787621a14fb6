package io.reactiveaudio.onnx;

import java.nio.file.Path;

/**
 * ONNX Runtime failed on a batch, or gave an output the operator cannot take. Names the model file
 * and the batch: its epoch and its first item's source index and ordinal. Ends the stream.
 */
public final class InferenceException extends ModelException {

    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final long sourceIndex;
    private final long ordinal;

    /** {@code model} failed on the batch of {@code epoch} whose first item is (sourceIndex, ordinal). */
    public InferenceException(Path model, long epoch, long sourceIndex, long ordinal, String message, Throwable cause) {
        super(model, "batch of epoch " + epoch + " starting at source " + sourceIndex + ", segment " + ordinal + ": "
                + message, cause);
        this.epoch = epoch;
        this.sourceIndex = sourceIndex;
        this.ordinal = ordinal;
    }

    /** The failed batch's epoch. */
    public long epoch() {
        return epoch;
    }

    /** The source index of the failed batch's first item. */
    public long sourceIndex() {
        return sourceIndex;
    }

    /** The segment ordinal of the failed batch's first item. */
    public long ordinal() {
        return ordinal;
    }
}
