package io.reactiveaudio.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An ONNX model file and how to run it over batches: the input fed from each batch's values, the
 * outputs kept, an optional row-mask input for models with a fixed batch size, and the session
 * pool's size and threads. A description only: nothing is read before {@link #open()}.
 *
 * <pre>{@code
 * Model encoder = Model.onnx(Path.of("encoder.onnx")).input("logmel").output("embedding");
 * Flux<InferenceBatch> embeddings = pipeline.featureFlux().transform(Infer.of(encoder));
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #sessions(int)} sessions (default: half the cores, at least 1) run
 * batches side by side, each on one thread of the pool's own scheduler, with
 * {@link #intraOpThreads(int)} threads inside ONNX Runtime (default 1) and one inter-op thread.
 * So the pool uses at most {@code sessions * intraOpThreads} cores and leaves the rest to the
 * decoders. See {@code docs/models.md} for the sizing rule and why one intra-op thread keeps the
 * outputs bit-identical.
 *
 * <p>Immutable and thread-safe; every setter returns a new description, and argument checks name
 * the argument and its value.
 */
public final class Model {

    private final Settings settings;

    private Model(Settings settings) {
        this.settings = settings;
    }

    /**
     * The model in file {@code path}, fed through its only input, keeping all its outputs, until
     * {@link #input} or {@link #output} say otherwise.
     */
    public static Model onnx(Path path) {
        Settings settings = new Settings();
        settings.path = Objects.requireNonNull(path, "path");
        return new Model(settings);
    }

    /** The input each batch's values feed, by its name in the model; needed when the model has several inputs. */
    public Model input(String name) {
        Objects.requireNonNull(name, "input");
        return with(s -> s.input = name);
    }

    /** The outputs kept, in this order, by their names in the model; the first is the batch's primary output. */
    public Model output(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("output needs at least one name: none given");
        }
        List<String> outputs = List.of(names);
        return with(s -> s.outputs = outputs);
    }

    /**
     * An input of shape {@code (N)} fed with 1 for each row that is an item and 0 for each padding
     * row: for a model with a fixed batch size N, whose padded rows must not count (a masked mean,
     * say). With a dynamic batch size it is all ones.
     */
    public Model maskInput(String name) {
        Objects.requireNonNull(name, "maskInput");
        return with(s -> s.maskInput = name);
    }

    /** Sessions in the pool, batches inferred side by side (at least 1); default half the cores, at least 1. */
    public Model sessions(int count) {
        positive(count, "sessions");
        return with(s -> s.sessions = count);
    }

    /**
     * ONNX Runtime's intra-op threads per session (at least 1; default 1). More than 1 lets one
     * batch use several cores, but ONNX Runtime may then split reductions by thread and outputs may
     * differ in the last bits between runs with different thread counts.
     */
    public Model intraOpThreads(int threads) {
        positive(threads, "intraOpThreads");
        return with(s -> s.intraOpThreads = threads);
    }

    /** The model file. */
    public Path path() {
        return settings.path;
    }

    /** The input fed from the batches, or null for the model's only input. */
    public String input() {
        return settings.input;
    }

    /** The outputs kept, or an empty list for all of the model's outputs in its order. */
    public List<String> outputs() {
        return settings.outputs;
    }

    /** The row-mask input, or null. */
    public String maskInput() {
        return settings.maskInput;
    }

    /** Sessions in the pool. */
    public int sessions() {
        return settings.sessions;
    }

    /** Intra-op threads per session. */
    public int intraOpThreads() {
        return settings.intraOpThreads;
    }

    /**
     * Loads the model into {@link #sessions()} sessions and starts their scheduler. Blocks (reads
     * the file): call it off event loops and {@code parallel()}.
     *
     * @throws ModelException if the file cannot be loaded, or the named inputs and outputs are not the model's
     */
    public SessionPool open() {
        return new SessionPool(this);
    }

    @Override
    public String toString() {
        return "Model{" + settings.path + ", input " + (settings.input == null ? "(only)" : settings.input)
                + ", outputs " + (settings.outputs.isEmpty() ? "(all)" : settings.outputs) + ", " + settings.sessions
                + " sessions x " + settings.intraOpThreads + " intra-op threads}";
    }

    private Model with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new Model(next);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    /** The description's settings; changed only on a fresh {@link #copy()} while a setter makes a new model. */
    private static final class Settings implements Cloneable {

        Path path;
        String input;
        List<String> outputs = List.of();
        String maskInput;
        int sessions = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        int intraOpThreads = 1;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
