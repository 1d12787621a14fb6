package io.reactiveaudio.onnx;

import java.nio.file.Path;

/**
 * A model that cannot be used as asked: its file does not load, a named input or output is not
 * the model's, a value is not float32, or ONNX Runtime failed on a batch. Names the model file;
 * {@link ModelShapeException} and {@link InferenceException} say more.
 */
public class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path model;

    /** A failure of {@code model}, described by {@code message}; {@code cause} may be null. */
    public ModelException(Path model, String message, Throwable cause) {
        super(model + ": " + message, cause);
        this.model = model;
    }

    /** The model file. */
    public Path model() {
        return model;
    }
}
