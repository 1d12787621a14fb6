package io.reactiveaudio.netty.server;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.features.stage.FeatureBatch;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.server.OutboundEvent.Failure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;
import reactor.netty.tcp.TcpSslContextSpec;

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
 * <p><b>Flow.</b> Each credit a client grants becomes a request for one batch, and a batch counts
 * against the credit until its frame is completely written to the socket, so a connection holds
 * at most {@code maxCredit} batches (made, not yet written) and a client that grants more
 * while leaving its batches unread gets {@code CREDIT_OVERFLOW}; each batch goes to the socket
 * from its pooled buffer and returns to its pool when the write completes. A client that stops
 * granting, or stops reading, stops its pipeline. A shared stream runs one pipeline whose
 * batches each go to exactly one of its connections: at most once, and a batch not yet written
 * to a connection that leaves goes to the next one (docs/protocol.md §9).
 *
 * <p><b>Send buffer.</b> A loopback client's connection gets a kernel send buffer of
 * {@link #LOOPBACK_SEND_BUFFER_BYTES}, any other the kernel's autotuning
 * ({@link Builder#sendBuffer} changes both).
 *
 * <p><b>Threads.</b> Handshakes, credits and writes run on Netty's event loops and never block;
 * sources are opened on bounded-elastic threads and make their batches on their own threads.
 *
 * <p><b>Limits.</b> At most {@code maxConnections} connections; each must send its whole
 * handshake (at most {@code maxHandshakeBytes}) within {@code handshakeTimeout}. A peer that
 * breaks the protocol gets an ERROR frame and a closed connection; the others are unaffected.
 * A server bound beyond loopback requires a token.
 *
 * <p><b>TLS.</b> With {@link Builder#tls} the connection is TLS from its first byte; the TLS
 * handshake has its own 10 s limit, and a peer that does not speak TLS is closed without an
 * ERROR frame. Batches are then encrypted from their pooled buffers, which costs one copy.
 *
 * <p>Thread-safe. {@link #dispose()} sends {@code SHUTTING_DOWN} to every connection, stops
 * listening, and closes the connections still open 2 s later.
 */
public final class AudioServer implements Disposable {

    /**
     * The kernel send buffer of a loopback client's connection unless {@link Builder#sendBuffer}
     * says otherwise: 512 KiB (the kernel doubles it for its bookkeeping and caps it at
     * {@code net.core.wmem_max}).
     */
    public static final int LOOPBACK_SEND_BUFFER_BYTES = 512 * 1024;

    private final ServerSettings settings;
    private final Map<String, ServedStream> streams;
    private final PrometheusMeterRegistry registry;
    private final ServerMetrics metrics;
    private volatile DisposableServer metricsServer;
    private final Map<String, SharedStream> shared = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile DisposableServer server;

    private AudioServer(ServerSettings settings, Map<String, ServedStream> streams, PrometheusMeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.metrics = registry == null ? ServerMetrics.none() : ServerMetrics.of(registry, connections::get);
        Map<String, ServedStream> tracked = new LinkedHashMap<>();
        streams.forEach((name, stream) -> tracked.put(name, stream.withSource(metrics.tracking(name, stream.source()))));
        this.streams = Collections.unmodifiableMap(tracked);
    }

    /** A builder with no streams, listening on 127.0.0.1, any free port, without token. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on. */
    public int port() {
        return address().getPort();
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.address();
    }

    /** The port of the {@code /health} and {@code /metrics} endpoint, or -1 if it has none. */
    public int metricsPort() {
        DisposableServer http = metricsServer;
        return http == null ? -1 : ((InetSocketAddress) http.address()).getPort();
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

    /**
     * Stops: sends {@code SHUTTING_DOWN} to every connection (after the batches already made for
     * it), stops listening, and {@link Session#LINGER} later closes every connection still open,
     * so a client that stopped reading cannot keep its connection and its batches after the
     * server has stopped. Returns once the server no longer listens; the connections close on
     * their own event loops.
     */
    @Override
    public void dispose() {
        for (Session session : sessions) {
            session.fail(new Failure(ErrorCode.SHUTTING_DOWN, "the server is stopping"));
        }
        server.disposeNow(Duration.ofSeconds(5));
        Mono.delay(Session.LINGER).subscribe(tick -> sessions.forEach(Session::close));
        shared.values().forEach(SharedStream::dispose);
        DisposableServer http = metricsServer;
        if (http != null) {
            http.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isDisposed() {
        return server.isDisposed();
    }

    ServerSettings settings() {
        return settings;
    }

    ServerMetrics metrics() {
        return metrics;
    }

    ServedStream stream(String name) {
        return streams.get(name);
    }

    SharedStream shared(ServedStream stream) {
        return shared.computeIfAbsent(stream.name(), name -> stream.sharedEvents(metrics.redealt(name)));
    }

    private Mono<Void> handle(NettyInbound in, NettyOutbound out) {
        if (connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            return out.send(Mono.fromCallable(() -> Frames.error(out.alloc(), ErrorCode.TOO_MANY_CONNECTIONS.code(),
                    "the server serves at most " + settings.maxConnections() + " connections"))).then()
                    .onErrorResume(e -> Mono.empty());
        }
        Connection[] connection = new Connection[1];
        in.withConnection(c -> {
            connection[0] = c;
            settings.sendBuffer().applyTo(c.channel());
        });
        Session session = new Session(this, connection[0], out);
        sessions.add(session);
        return session.run(in).doFinally(signal -> {
            sessions.remove(session);
            connections.decrementAndGet();
        });
    }

    private Mono<AudioServer> bound(DisposableServer disposable, int httpPort) {
        this.server = disposable;
        if (registry == null) {
            return Mono.just(this);
        }
        return MetricsEndpoint.bind(settings.host(), httpPort, registry, connections::get, settings.maxCredit())
                .map(http -> {
                    metricsServer = http;
                    return this;
                })
                .onErrorResume(e -> {
                    disposable.disposeNow(Duration.ofSeconds(5));
                    return Mono.error(e);
                });
    }

    /**
     * Configures an {@link AudioServer}. Immutable: every setter returns a new builder.
     */
    public static final class Builder implements Cloneable {

        private Map<String, ServedStream> streams = Map.of();
        private String host = "127.0.0.1";
        private int port;
        private byte[] token;
        private int maxConnections = ServerSettings.DEFAULT_MAX_CONNECTIONS;
        private int maxCredit = ServerSettings.DEFAULT_MAX_CREDIT;
        private Duration handshakeTimeout = ServerSettings.DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxHandshakeBytes = ServerSettings.DEFAULT_MAX_HANDSHAKE_BYTES;
        private Path tlsCertificate;
        private Path tlsKey;
        private SendBuffer sendBuffer = SendBuffer.DEFAULT;
        private int metricsPort = -1;
        private List<MeterBinder> binders = List.of();

        private Builder() {
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
         * one connection with credit; a batch not completely written to a connection that leaves
         * goes to the next one with credit, and an epoch's end waits until all its batches are
         * written (docs/protocol.md §9).
         */
        public Builder sharedStream(String name, long seed, BatchSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source), true, seed));
        }

        /** Serves the feature batches of {@code source} as a shared stream, like {@link #sharedStream}. */
        public Builder sharedFeatureStream(String name, long seed, FeatureSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source), true, seed));
        }

        /**
         * Serves the batches of {@code source}, of another kind than audio or features (a model's
         * outputs, say), as stream {@code name}: one pipeline per connection and epoch, each batch's
         * values sent as the big tensor {@code tensor} (its {@code kind}) described by {@code axes}
         * (comma-separated, B first), layout {@code OUTPUT} (docs/protocol.md).
         *
         * @throws IllegalArgumentException if {@code tensor} is the name of a small tensor ({@code labels}, ...)
         */
        public Builder outputStream(String name, String tensor, String axes, OutputSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source, tensor, axes), false, 0));
        }

        /** Serves the batches of {@code source} as a shared stream, like {@link #sharedStream} and {@link #outputStream}. */
        public Builder sharedOutputStream(String name, long seed, String tensor, String axes, OutputSource source) {
            Objects.requireNonNull(source, "source");
            return with(new ServedStream(name, TensorSource.of(source, tensor, axes), true, seed));
        }

        /**
         * Serves a live flux of batches (from {@code io.reactiveaudio.live.LiveBatcher}) as shared
         * stream {@code name}: subscribed once, when the first trainer connects, and asked for as
         * many batches as the connected trainers grant, so trainers that stop reading stop the
         * live consumer and the live source's overflow strategy decides; each batch goes to exactly
         * one trainer. A trainer that joins later, or reconnects, gets the batches made from then
         * on (a live stream has no checkpoint to resume from). When the flux completes, every
         * trainer gets the end of the stream. Serve it once: the flux is not subscribed again.
         */
        public Builder liveStream(String name, Flux<Batch> batches) {
            Objects.requireNonNull(batches, "batches");
            return sharedStream(name, 0, request -> request.epoch() == 0 ? batches : Flux.empty());
        }

        /** Serves a live flux of feature batches as shared stream {@code name}, like {@link #liveStream}. */
        public Builder liveFeatureStream(String name, Flux<FeatureBatch> batches) {
            Objects.requireNonNull(batches, "batches");
            return sharedFeatureStream(name, 0, request -> request.epoch() == 0 ? batches : Flux.empty());
        }

        /** The address to listen on (default 127.0.0.1); beyond loopback a {@link #token} is required. */
        public Builder host(String address) {
            Builder next = copy();
            next.host = Objects.requireNonNull(address, "address");
            return next;
        }

        /** The TCP port, 0 (default) for any free one. */
        public Builder port(int number) {
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + number);
            }
            Builder next = copy();
            next.port = number;
            return next;
        }

        /** The bearer token every handshake must carry (UTF-8, compared in constant time). */
        public Builder token(String secret) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length > 0xFFFF) {
                throw new IllegalArgumentException("a token takes 1..65535 bytes");
            }
            Builder next = copy();
            next.token = bytes;
            return next;
        }

        /** The most connections served at once (default {@value ServerSettings#DEFAULT_MAX_CONNECTIONS}). */
        public Builder maxConnections(int max) {
            positive(max, "maxConnections");
            Builder next = copy();
            next.maxConnections = max;
            return next;
        }

        /**
         * The most credits a client may have outstanding (default
         * {@value ServerSettings#DEFAULT_MAX_CREDIT}): the batches held per connection. Each
         * stream's batch pool needs at least this many buffers.
         */
        public Builder maxCredit(int max) {
            positive(max, "maxCredit");
            Builder next = copy();
            next.maxCredit = max;
            return next;
        }

        /** The time a connection has to send its whole handshake (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive: " + timeout);
            }
            Builder next = copy();
            next.handshakeTimeout = timeout;
            return next;
        }

        /** The largest handshake payload accepted, in bytes (default 262 144). */
        public Builder maxHandshakeBytes(int max) {
            positive(max, "maxHandshakeBytes");
            Builder next = copy();
            next.maxHandshakeBytes = max;
            return next;
        }

        /**
         * The kernel send buffer ({@code SO_SNDBUF}) of every connection, in bytes; 0 leaves it to
         * the kernel's autotuning. By default a loopback peer gets 512 KiB, which serves a trainer
         * on the same host 1.5 to 1.9 times faster than an autotuned buffer (docs/serving.md,
         * "Send buffer"), and any other peer the autotuning, which grows the buffer to
         * the connection's bandwidth-delay product. Set it only for peers whose round trip is short
         * (bytes / round trip bounds a connection's rate).
         */
        public Builder sendBuffer(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("sendBuffer takes 0 (the kernel's autotuning) or more bytes: "
                        + bytes);
            }
            Builder next = copy();
            next.sendBuffer = new SendBuffer(bytes);
            return next;
        }

        /**
         * Speaks TLS (1.2 or 1.3) with the certificate chain and PKCS#8 private key in these PEM
         * files; the frames inside are unchanged.
         */
        public Builder tls(Path certificateChain, Path privateKey) {
            Builder next = copy();
            next.tlsCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
            next.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
            return next;
        }

        /**
         * Also serves {@code GET /health}, {@code GET /metrics} (Prometheus text, by Micrometer),
         * and a status page ({@code GET /}, a page that refreshes itself from {@code GET /status.json})
         * over HTTP on this port of the same host; 0 for any free port. Meters: batches made and
         * held per stream, batches and bytes sent and credit outstanding per stream and client,
         * connections, and those of {@link #meters} (for the decode rate: {@link DecodeMeters}).
         */
        public Builder metricsPort(int number) {
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException("metricsPort must be in 0..65535: " + number);
            }
            Builder next = copy();
            next.metricsPort = number;
            return next;
        }

        /**
         * Adds {@code binder}'s meters to the {@code /metrics} endpoint (for example
         * {@code io.reactiveaudio.netty.ingest.LiveMeters}); ignored without a {@link #metricsPort}.
         */
        public Builder meters(MeterBinder binder) {
            Objects.requireNonNull(binder, "binder");
            Builder next = copy();
            List<MeterBinder> all = new ArrayList<>(binders);
            all.add(binder);
            next.binders = List.copyOf(all);
            return next;
        }

        /** Starts listening; completes with the running server. */
        public Mono<AudioServer> bind() {
            return Mono.fromCallable(this::check).flatMap(server -> {
                ServerSettings settings = server.settings();
                TcpServer tcp = TcpServer.create()
                        .host(settings.host())
                        .port(settings.port())
                        .doOnConnection(connection -> connection
                                .addHandlerLast("reactive-audio-frames",
                                        new ServerFrameDecoder(settings.maxHandshakeBytes()))
                                .addHandlerLast("reactive-audio-batch-writes", BatchWrites.INSTANCE))
                        .handle(server::handle);
                if (settings.tlsCertificate() != null) {
                    TcpSslContextSpec spec = TcpSslContextSpec.forServer(settings.tlsCertificate().toFile(),
                            settings.tlsKey().toFile());
                    tcp = tcp.secure(ssl -> ssl.sslContext(spec));
                }
                return tcp.bind().flatMap(bound -> server.bound(bound, metricsPort));
            });
        }

        /** Starts listening and waits until it does; call it from a thread that may block. */
        public AudioServer bindNow() {
            return bind().block(Duration.ofSeconds(30));
        }

        private AudioServer check() throws UnknownHostException {
            if (streams.isEmpty()) {
                throw new IllegalStateException("no stream to serve: add one with stream(name, source)");
            }
            if (token == null && !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalStateException("listening on " + host + ", beyond loopback, needs a token");
            }
            PrometheusMeterRegistry registry = null;
            if (metricsPort >= 0) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                for (MeterBinder binder : binders) {
                    binder.bindTo(registry);
                }
            }
            return new AudioServer(new ServerSettings(host, port, token, maxConnections, maxCredit, handshakeTimeout,
                    maxHandshakeBytes, tlsCertificate, tlsKey, sendBuffer), streams, registry);
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
            Map<String, ServedStream> served = new LinkedHashMap<>(streams);
            served.put(stream.name(), stream);
            Builder next = copy();
            next.streams = Collections.unmodifiableMap(served);
            return next;
        }

        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
        }
    }
}
