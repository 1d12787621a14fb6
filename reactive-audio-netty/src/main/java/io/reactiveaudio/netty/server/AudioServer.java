package io.reactiveaudio.netty.server;

import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Frames;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;

/**
 * Serves named streams of batches to remote trainers over TCP, by the protocol of
 * {@code docs/protocol.md}:
 *
 * <pre>{@code
 * AudioPipeline base = AudioPipeline.from(corpus).frames(16_000).shuffle(256).batch(32);
 * AudioServer server = AudioServer.builder()
 *     .stream("train", BatchSource.of(base))           // one pipeline per connection and epoch
 *     .port(7070)
 *     .token("s3cret")
 *     .bindNow();
 * ...
 * server.dispose();
 * }</pre>
 *
 * <p><b>Flow.</b> Each credit a client grants becomes a request for one batch, so a connection
 * holds at most {@code maxCredit} batches (made, not yet written); each batch goes to the socket
 * from its pooled buffer and returns to its pool when the write completes. A client that stops
 * granting, or stops reading, stops its pipeline. A shared stream runs one pipeline whose
 * batches each go to exactly one of its connections.
 *
 * <p><b>Threads.</b> Handshakes, credits and writes run on Netty's event loops and never block;
 * sources are opened on bounded-elastic threads and make their batches on their own threads.
 *
 * <p><b>Limits.</b> At most {@code maxConnections} connections; each must send its whole
 * handshake (at most {@code maxHandshakeBytes}) within {@code handshakeTimeout}. A peer that
 * breaks the protocol gets an ERROR frame and a closed connection; the others are unaffected.
 * A server bound beyond loopback requires a token.
 *
 * <p>Thread-safe. {@link #dispose()} sends {@code SHUTTING_DOWN} to every connection and stops
 * listening.
 */
public final class AudioServer implements Disposable {

    private final ServerSettings settings;
    private final Map<String, ServedStream> streams;
    private final Map<String, SharedStream> shared = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile DisposableServer server;

    private AudioServer(ServerSettings settings, Map<String, ServedStream> streams) {
        this.settings = settings;
        this.streams = streams;
    }

    /** A builder with no streams, listening on 127.0.0.1, any free port, without token. */
    public static Builder builder() {
        return new Builder(ServerSettings.defaults(), Map.of());
    }

    /** The port it listens on. */
    public int port() {
        return address().getPort();
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.address();
    }

    /** Connections being served (handshaking or streaming). */
    public int connections() {
        return connections.get();
    }

    /** The names of the streams it serves. */
    public Set<String> streams() {
        return Collections.unmodifiableSet(streams.keySet());
    }

    /** Completes once the server has stopped listening. */
    public Mono<Void> onDispose() {
        return server.onDispose();
    }

    @Override
    public void dispose() {
        for (Session session : sessions) {
            session.fail(new Failure(ErrorCode.SHUTTING_DOWN, "the server is stopping"));
        }
        server.disposeNow(Duration.ofSeconds(5));
        shared.values().forEach(SharedStream::dispose);
    }

    @Override
    public boolean isDisposed() {
        return server.isDisposed();
    }

    ServerSettings settings() {
        return settings;
    }

    ServedStream stream(String name) {
        return streams.get(name);
    }

    SharedStream shared(ServedStream stream) {
        return shared.computeIfAbsent(stream.name(), name -> stream.sharedEvents());
    }

    private Mono<Void> handle(NettyInbound in, NettyOutbound out) {
        if (connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            return out.send(Mono.fromCallable(() -> Frames.error(out.alloc(), ErrorCode.TOO_MANY_CONNECTIONS,
                    "the server serves at most " + settings.maxConnections() + " connections"))).then()
                    .onErrorResume(e -> Mono.empty());
        }
        Session session = new Session(this, out);
        sessions.add(session);
        return session.run(in).doFinally(signal -> {
            sessions.remove(session);
            connections.decrementAndGet();
        });
    }

    private AudioServer bound(DisposableServer disposable) {
        this.server = disposable;
        return this;
    }

    /**
     * Configures an {@link AudioServer}. Immutable: every setter returns a new builder.
     */
    public static final class Builder {

        private final ServerSettings settings;
        private final Map<String, ServedStream> streams;

        private Builder(ServerSettings settings, Map<String, ServedStream> streams) {
            this.settings = settings;
            this.streams = streams;
        }

        /** Serves {@code source} as stream {@code name}: one pipeline per connection and epoch. */
        public Builder stream(String name, BatchSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source), false, 0));
        }

        /** Serves the feature batches of {@code source} as stream {@code name}. */
        public Builder featureStream(String name, FeatureSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source), false, 0));
        }

        /**
         * Serves {@code source} as shared stream {@code name}: one pipeline (rank 0 of 1, seed
         * {@code seed}, every epoch from 0) started by the first connection, each batch to exactly
         * one connection with credit.
         */
        public Builder sharedStream(String name, long seed, BatchSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source), true, seed));
        }

        /** The address to listen on (default 127.0.0.1); beyond loopback a {@link #token} is required. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            return new Builder(new ServerSettings(host, settings.port(), settings.token(), settings.maxConnections(),
                    settings.maxCredit(), settings.handshakeTimeout(), settings.maxHandshakeBytes()), streams);
        }

        /** The TCP port, 0 (default) for any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + port);
            }
            return new Builder(new ServerSettings(settings.host(), port, settings.token(), settings.maxConnections(),
                    settings.maxCredit(), settings.handshakeTimeout(), settings.maxHandshakeBytes()), streams);
        }

        /** The bearer token every handshake must carry (UTF-8, compared in constant time). */
        public Builder token(String token) {
            byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length > 0xFFFF) {
                throw new IllegalArgumentException("a token takes 1..65535 bytes");
            }
            return new Builder(new ServerSettings(settings.host(), settings.port(), bytes, settings.maxConnections(),
                    settings.maxCredit(), settings.handshakeTimeout(), settings.maxHandshakeBytes()), streams);
        }

        /** The most connections served at once (default {@value ServerSettings#DEFAULT_MAX_CONNECTIONS}). */
        public Builder maxConnections(int max) {
            positive(max, "maxConnections");
            return new Builder(new ServerSettings(settings.host(), settings.port(), settings.token(), max,
                    settings.maxCredit(), settings.handshakeTimeout(), settings.maxHandshakeBytes()), streams);
        }

        /**
         * The most credits a client may have outstanding (default
         * {@value ServerSettings#DEFAULT_MAX_CREDIT}): the batches held per connection. Each
         * stream's batch pool needs at least this many buffers.
         */
        public Builder maxCredit(int max) {
            positive(max, "maxCredit");
            return new Builder(new ServerSettings(settings.host(), settings.port(), settings.token(),
                    settings.maxConnections(), max, settings.handshakeTimeout(), settings.maxHandshakeBytes()), streams);
        }

        /** The time a connection has to send its whole handshake (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive: " + timeout);
            }
            return new Builder(new ServerSettings(settings.host(), settings.port(), settings.token(),
                    settings.maxConnections(), settings.maxCredit(), timeout, settings.maxHandshakeBytes()), streams);
        }

        /** The largest handshake payload accepted, in bytes (default 262 144). */
        public Builder maxHandshakeBytes(int max) {
            positive(max, "maxHandshakeBytes");
            return new Builder(new ServerSettings(settings.host(), settings.port(), settings.token(),
                    settings.maxConnections(), settings.maxCredit(), settings.handshakeTimeout(), max), streams);
        }

        /** Starts listening; completes with the running server. */
        public Mono<AudioServer> bind() {
            return Mono.fromCallable(this::check).flatMap(server -> TcpServer.create()
                    .host(settings.host())
                    .port(settings.port())
                    .doOnConnection(connection -> connection.addHandlerLast("reactive-audio-frames",
                            new ServerFrameDecoder(settings.maxHandshakeBytes())))
                    .handle(server::handle)
                    .bind()
                    .map(server::bound));
        }

        /** Starts listening and waits until it does; call it from a thread that may block. */
        public AudioServer bindNow() {
            return bind().block(Duration.ofSeconds(30));
        }

        private AudioServer check() throws UnknownHostException {
            if (streams.isEmpty()) {
                throw new IllegalStateException("no stream to serve: add one with stream(name, source)");
            }
            if (settings.token() == null && !InetAddress.getByName(settings.host()).isLoopbackAddress()) {
                throw new IllegalStateException("listening on " + settings.host() + ", beyond loopback, needs a token");
            }
            return new AudioServer(settings, streams);
        }

        private Builder with(ServedStream stream) {
            Objects.requireNonNull(stream.name(), "name");
            if (stream.name().getBytes(StandardCharsets.UTF_8).length == 0
                    || stream.name().getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("a stream name takes 1..255 bytes of UTF-8: " + stream.name());
            }
            if (streams.containsKey(stream.name())) {
                throw new IllegalArgumentException("stream " + stream.name() + " is already served");
            }
            Map<String, ServedStream> next = new LinkedHashMap<>(streams);
            next.put(stream.name(), stream);
            return new Builder(settings, Collections.unmodifiableMap(next));
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
        }
    }
}
