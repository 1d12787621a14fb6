package io.reactiveaudio.netty.ingest;

import io.netty.channel.ChannelOption;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.PushSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.concurrent.Queues;

/**
 * A TCP endpoint for live PCM: every connection sends a stream of interleaved samples in the
 * declared format and encoding (no header), and becomes one {@link IngestStream} whose
 * {@link PushSource} was built by the given settings.
 *
 * <p>Backpressure reaches the sender: bytes are read only as the live source takes chunks, so under
 * {@link io.reactiveaudio.live.Overflow#BLOCK} a slow consumer stops the socket's reads and TCP flow
 * control makes the sender wait; the other strategies keep reading and drop (and count) instead.
 * Bytes are converted on the connection's event loop as they are read (a copy into float32, so the
 * buffer is released at once; nothing blocks); a
 * consumer that cancels its source closes the connection; the connection's end completes the source
 * after every byte received was pushed (the reading is not tied to the connection's handler, which
 * Reactor Netty cancels when the peer closes). Every byte read is accounted for in the stream's
 * {@link io.reactiveaudio.live.LiveStats}: pushed as frames, or counted as ignored at the
 * connection's end (a last frame cut short, bytes read after the consumer cancelled).
 *
 * <p>Bound: under {@code BLOCK}, while the reader waits for room, the chunk it waits to push and
 * at most one more socket read (Netty's, up to 64 KiB) wait converted beside the source's buffer;
 * under the other strategies nothing waits: each read is pushed at once and the overflow strategy
 * acts at the buffer's bound.
 *
 * <pre>{@code
 * IngestServer server = TcpIngest.on("0.0.0.0", 9000, LiveFormat.mono(16_000), PcmEncoding.S16LE)
 *         .sources(f -> PushSource.builder(f).overflow(Overflow.DROP_OLDEST))
 *         .bind();
 * server.streams().subscribe(s -> s.source().flux().transform(LiveWindows.seconds(1, 0.5)).subscribe(...));
 * }</pre>
 *
 * <p>Immutable builder; the bound server is thread-safe.
 */
public final class TcpIngest {

    private static final Logger LOG = Loggers.getLogger(TcpIngest.class);

    private final String host;
    private final int port;
    private final LiveFormat format;
    private final PcmEncoding encoding;
    private final Function<LiveFormat, PushSource.Builder> sources;
    private final int maxConnections;
    private final int receiveBufferBytes;
    /** The event loops, or null for Reactor Netty's shared ones. */
    private final LoopResources loops;

    private TcpIngest(String host, int port, LiveFormat format, PcmEncoding encoding,
            Function<LiveFormat, PushSource.Builder> sources, int maxConnections, int receiveBufferBytes,
            LoopResources loops) {
        this.host = host;
        this.port = port;
        this.format = format;
        this.encoding = encoding;
        this.sources = sources;
        this.maxConnections = maxConnections;
        this.receiveBufferBytes = receiveBufferBytes;
        this.loops = loops;
    }

    /**
     * An endpoint on {@code host:port} (port 0 picks a free one) for streams of {@code format} in
     * {@code encoding}; each stream's source is {@link PushSource#builder(LiveFormat)}'s defaults
     * (2 s, {@code BLOCK}), at most 1024 connections.
     */
    public static TcpIngest on(String host, int port, LiveFormat format, PcmEncoding encoding) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new TcpIngest(host, port, Objects.requireNonNull(format, "format"),
                Objects.requireNonNull(encoding, "encoding"), PushSource::builder, 1024, 0, null);
    }

    /** The settings of each connection's live source (buffer, overflow, latency bound). */
    public TcpIngest sources(Function<LiveFormat, PushSource.Builder> settings) {
        return new TcpIngest(host, port, format, encoding, Objects.requireNonNull(settings, "settings"),
                maxConnections, receiveBufferBytes, loops);
    }

    /** Connections served at once; more are closed at once. */
    public TcpIngest maxConnections(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("at least one connection: " + connections);
        }
        return new TcpIngest(host, port, format, encoding, sources, connections, receiveBufferBytes, loops);
    }

    /** The kernel's receive buffer per connection in bytes (0: the system's default). */
    public TcpIngest receiveBufferBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("receive buffer must be non-negative: " + bytes);
        }
        return new TcpIngest(host, port, format, encoding, sources, maxConnections, bytes, loops);
    }

    /**
     * The event loops that read the connections (Reactor Netty's shared ones by default, as many as
     * the larger of the cores and 4); the caller owns them and disposes of them after the server.
     * Fewer loops than cores mean fewer thread wake-ups when many streams send small chunks.
     */
    public TcpIngest runOn(LoopResources eventLoops) {
        return new TcpIngest(host, port, format, encoding, sources, maxConnections, receiveBufferBytes,
                Objects.requireNonNull(eventLoops, "eventLoops"));
    }

    /** Binds the endpoint, blocking until it listens (call it off event loops). */
    public IngestServer bind() {
        Sinks.Many<IngestStream> streams = Sinks.many().unicast()
                .onBackpressureBuffer(Queues.<IngestStream>get(maxConnections).get());
        AtomicInteger open = new AtomicInteger();
        AtomicLong numbers = new AtomicLong();
        TcpServer server = TcpServer.create().host(host).port(port)
                .handle((in, out) -> {
                    Connection[] connection = new Connection[1];
                    in.withConnection(c -> connection[0] = c);
                    if (open.incrementAndGet() > maxConnections) {
                        open.decrementAndGet();
                        LOG.warn("live ingest: connection refused, {} already open", maxConnections);
                        return Mono.empty();
                    }
                    String id = connection[0].address() + "#" + numbers.incrementAndGet();
                    PushSource source = sources.apply(format).build();
                    Sinks.EmitResult emitted;
                    synchronized (streams) {
                        emitted = streams.tryEmitNext(new IngestStream(id, source));
                    }
                    if (emitted.isFailure()) {
                        open.decrementAndGet();
                        LOG.warn("live ingest: connection {} refused, {} streams wait for a subscriber", id,
                                maxConnections);
                        return Mono.empty();
                    }
                    PcmChunker chunker = new PcmChunker(encoding, format.channels(),
                            Math.max(1, source.capacityFrames() / 4));
                    LongAdder read = new LongAdder();
                    LongAdder pushed = new LongAdder();
                    Sinks.Empty<Void> done = Sinks.empty();
                    Runnable end = () -> {
                        source.ignore(read.sum() - pushed.sum());
                        open.decrementAndGet();
                        done.tryEmitEmpty();
                    };
                    in.receive()
                            .doOnNext(bytes -> read.add(bytes.readableBytes()))
                            .map(chunker::next)
                            .concatMapIterable(chunks -> chunks, 1)
                            .concatMap(samples -> AsyncPush.push(source, samples)
                                    .doOnSuccess(pushedAll -> pushed.add((long) samples.length
                                            * encoding.bytesPerSample())), 1)
                            .subscribe(null, error -> {
                                end.run();
                                if (!(error instanceof IllegalStateException)) {
                                    LOG.warn("live ingest " + id + " failed", error);
                                    source.fail(error);
                                }
                            }, () -> {
                                end.run();
                                source.complete();
                            });
                    return done.asMono();
                });
        if (loops != null) {
            server = server.runOn(loops);
        }
        if (receiveBufferBytes > 0) {
            server = server.childOption(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        DisposableServer bound = server.bindNow();
        return new IngestServer(bound, streams);
    }

    /** A bound ingest endpoint. Thread-safe. */
    public static final class IngestServer implements AutoCloseable {

        private final DisposableServer server;
        private final Sinks.Many<IngestStream> streams;

        private IngestServer(DisposableServer server, Sinks.Many<IngestStream> streams) {
            this.server = server;
            this.streams = streams;
        }

        /** The port it listens on. */
        public int port() {
            return server.port();
        }

        /**
         * The streams, one per accepted connection, for one subscriber; up to the connection cap
         * wait until subscribed, and a connection that finds them all waiting is closed.
         */
        public Flux<IngestStream> streams() {
            return streams.asFlux();
        }

        /** Stops listening and closes every connection. */
        @Override
        public void close() {
            server.disposeNow();
            streams.tryEmitComplete();
        }
    }
}
