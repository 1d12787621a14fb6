package io.reactiveaudio.onnx;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Batches whose shape a model's input does not accept: the ranks differ, or a dimension the model
 * fixes has another size. Thrown when the operator is built for a stated batch shape
 * ({@link Infer#expecting}), or, if none was stated, by the first batch of that shape, before
 * anything runs. The batch dimension never mismatches: a model with a fixed batch size N gets the
 * items in runs of N, the last padded ({@link InferenceEvent.RowsPadded}).
 */
public final class ModelShapeException extends ModelException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final long[] expected;
    private final int[] actual;

    /** Input {@code input} of {@code model} declares {@code expected} (-1 for a free dimension) and got {@code actual}. */
    public ModelShapeException(Path model, String input, long[] expected, int[] actual) {
        super(model, "input '" + input + "' expects shape " + describe(expected) + ", the batches have "
                + Arrays.toString(actual), null);
        this.input = input;
        this.expected = expected.clone();
        this.actual = actual.clone();
    }

    /** The input's name in the model. */
    public String input() {
        return input;
    }

    /** The input's declared dimensions, -1 where the model leaves one free; a copy. */
    public long[] expected() {
        return expected.clone();
    }

    /** The batches' dimensions, outermost first; a copy. */
    public int[] actual() {
        return actual.clone();
    }

    private static String describe(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return text.append(']').toString();
    }
}
