package io.reactiveaudio.netty.server;

import java.time.Duration;

/**
 * The limits and credentials of an {@link AudioServer}. Immutable (the token is copied out).
 *
 * @param host address to listen on
 * @param port TCP port, 0 for any free one
 * @param token the bearer token clients must send, or null for none (loopback only)
 * @param maxConnections the most connections served at once; more are refused
 * @param maxCredit the most credits a client may have outstanding: at most this many batches
 *     are held for a connection, so a stream's pipeline pool must have at least this many buffers
 * @param handshakeTimeout the time a connection has to send its whole handshake
 * @param maxHandshakeBytes the largest handshake payload accepted
 */
record ServerSettings(String host, int port, byte[] token, int maxConnections, int maxCredit,
                      Duration handshakeTimeout, int maxHandshakeBytes) {

    static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final int DEFAULT_MAX_CREDIT = 4;
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_HANDSHAKE_BYTES = 256 * 1024;

    static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 0, null, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CREDIT,
                DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_HANDSHAKE_BYTES);
    }

    @Override
    public byte[] token() {
        return token == null ? null : token.clone();
    }
}
