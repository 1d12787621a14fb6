package io.reactiveaudio.netty.server;

/**
 * A stream as configured: its name, its source, and for a shared stream the seed of its one
 * pipeline and that pipeline's events. Immutable.
 */
record ServedStream(String name, TensorSource source, boolean shared, long seed) {

    /** The same stream reading from {@code other}. */
    ServedStream withSource(TensorSource other) {
        return new ServedStream(name, other, shared, seed);
    }

    /**
     * The events of the shared pipeline: every epoch from 0, rank 0 of 1; {@code redealt} counts
     * the batches dealt again because their member left before they were written.
     */
    SharedStream sharedEvents(Runnable redealt) {
        return new SharedStream(name,
                markers -> EpochEvents.of(source, name, 0, 1, seed, 0, Long.MAX_VALUE, null, markers), redealt);
    }
}
