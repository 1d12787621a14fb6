package io.reactiveaudio.netty.server;

import java.nio.file.Path;
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
 * @param tlsCertificate PEM certificate chain, or null for plain TCP
 * @param tlsKey PEM PKCS#8 private key of that certificate, or null
 * @param sendBuffer the kernel send buffer of each connection
 */
record ServerSettings(String host, int port, byte[] token, int maxConnections, int maxCredit,
                      Duration handshakeTimeout, int maxHandshakeBytes, Path tlsCertificate, Path tlsKey,
                      SendBuffer sendBuffer) {

    static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final int DEFAULT_MAX_CREDIT = 4;
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_HANDSHAKE_BYTES = 256 * 1024;

    @Override
    public byte[] token() {
        return token == null ? null : token.clone();
    }
}
