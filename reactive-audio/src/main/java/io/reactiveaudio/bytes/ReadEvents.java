package io.reactiveaudio.bytes;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands the retries of remote reads to the run that made them: a stage binds its listener to the
 * thread for the span of a blocking call ({@link #bind}), and a remote source reports each
 * {@link ReadRetry} it makes on that thread ({@link #report}) to the listener bound there, if any.
 * Reads made outside a binding (listing shards, a reader used on another thread) reach no run; the
 * remote module's JVM-wide statistics count them all. Bindings nest and are restored on close.
 * Thread-safe; the listener is called on the reading thread and must be short and non-blocking.
 */
public final class ReadEvents {

    private static final ThreadLocal<Consumer<ReadRetry>> BOUND = new ThreadLocal<>();

    private ReadEvents() {
    }

    /** A binding to undo: closing it restores the listener bound before. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** Binds {@code listener} to the calling thread until the binding is closed. */
    public static Binding bind(Consumer<ReadRetry> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<ReadRetry> before = BOUND.get();
        BOUND.set(listener);
        return before == null ? BOUND::remove : () -> BOUND.set(before);
    }

    /** Passes a retry to the listener bound to the calling thread; nothing when none is. */
    public static void report(ReadRetry retry) {
        Objects.requireNonNull(retry, "retry");
        Consumer<ReadRetry> listener = BOUND.get();
        if (listener != null) {
            listener.accept(retry);
        }
    }
}
