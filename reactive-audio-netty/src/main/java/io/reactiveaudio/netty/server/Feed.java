package io.reactiveaudio.netty.server;

/** Where a connection's events come from: its own pipeline or a shared one. Thread-safe. */
interface Feed {

    /** The client granted {@code n} more batches. */
    void credit(long n);

    /** The connection is gone: make nothing more for it. */
    void stop();
}
