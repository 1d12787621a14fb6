package io.reactiveaudio.netty.client;

import io.netty.channel.ChannelOption;
import io.reactiveaudio.checkpoint.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpSslContextSpec;

/**
 * Receives a stream from an {@code AudioServer} ({@code docs/protocol.md}) as a
 * {@code Flux<ReceivedBatch>}:
 *
 * <pre>{@code
 * AudioClient client = AudioClient.builder("gpu-feeder", 7070).stream("train")
 *     .shard(rank, worldSize).seed(42).token("s3cret").build();
 * client.batches().publishOn(Schedulers.boundedElastic(), 4).subscribe(batch -> {
 *     try (batch) { train(batch.floats(), batch.labels()); }
 * });
 * }</pre>
 *
 * <p><b>Backpressure.</b> Downstream demand becomes CREDIT frames, never more outstanding than
 * the server's {@code max_credit} (or {@link Builder#maxCredit}, if lower): a subscriber that
 * stops requesting stops the server's pipeline. Batches are emitted on a Netty event loop; move
 * work off it with {@code publishOn}.
 *
 * <p><b>Resume.</b> When the connection drops (or the server reports a retryable error) the
 * client reconnects, up to {@link Builder#reconnects} times in a row, and asks for the batches
 * after the last one it emitted: none lost, none repeated.
 *
 * <p>Each subscriber to {@link #batches()} gets its own connection; every batch it receives must
 * be released. Immutable and thread-safe.
 */
public final class AudioClient {

    private final Builder settings;

    private AudioClient(Builder settings) {
        this.settings = settings;
    }

    /** A builder for the server at {@code host:port}; stream {@code train}, rank 0 of 1, seed 0, epoch 0, all epochs. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** The batches, from a new connection for each subscriber. */
    public Flux<ReceivedBatch> batches() {
        return Flux.<ReceivedBatch>create(sink -> new ClientSession(this, sink).start(), FluxSink.OverflowStrategy.BUFFER)
                .doOnDiscard(ReceivedBatch.class, ReceivedBatch::release);
    }

    String host() {
        return settings.host;
    }

    int port() {
        return settings.port;
    }

    String stream() {
        return settings.stream;
    }

    int rank() {
        return settings.rank;
    }

    int worldSize() {
        return settings.worldSize;
    }

    long seed() {
        return settings.seed;
    }

    long epoch() {
        return settings.epoch;
    }

    long epochs() {
        return settings.epochs;
    }

    byte[] resume() {
        return settings.resume == null ? null : settings.resume.clone();
    }

    byte[] token() {
        return settings.token;
    }

    int maxCredit() {
        return settings.maxCredit;
    }

    int reconnects() {
        return settings.reconnects;
    }

    Duration backoff() {
        return settings.backoff;
    }

    TcpClient tcp() {
        TcpClient tcp = TcpClient.newConnection().host(settings.host).port(settings.port)
                .option(ChannelOption.TCP_NODELAY, true);
        if (settings.trusted == null) {
            return tcp;
        }
        TcpSslContextSpec spec = TcpSslContextSpec.forClient()
                .configure(ssl -> ssl.trustManager(settings.trusted.toFile()));
        return tcp.secure(ssl -> ssl.sslContext(spec));
    }

    /**
     * Configures an {@link AudioClient}. Immutable: every setter returns a new builder, so one
     * builder may serve as the base of many clients; thread-safe.
     */
    public static final class Builder implements Cloneable {

        private final String host;
        private final int port;
        private String stream = "train";
        private int rank;
        private int worldSize = 1;
        private long seed;
        private long epoch;
        private long epochs;
        private byte[] resume;
        private byte[] token;
        private int maxCredit = Integer.MAX_VALUE;
        private int reconnects = 5;
        private Duration backoff = Duration.ofMillis(200);
        private Path trusted;

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 1..65535: " + port);
            }
            this.port = port;
        }

        /** The stream's name (default {@code train}). */
        public Builder stream(String name) {
            Objects.requireNonNull(name, "name");
            Builder next = copy();
            next.stream = name;
            return next;
        }

        /** This trainer's share: rank {@code rank} of {@code worldSize} (default 0 of 1). */
        public Builder shard(int rank, int worldSize) {
            if (worldSize < 1) {
                throw new IllegalArgumentException("worldSize must be at least 1: " + worldSize);
            }
            if (rank < 0 || rank >= worldSize) {
                throw new IllegalArgumentException("rank " + rank + " is not in 0.." + (worldSize - 1));
            }
            Builder next = copy();
            next.rank = rank;
            next.worldSize = worldSize;
            return next;
        }

        /** The seed of every random draw (default 0). */
        public Builder seed(long seed) {
            Builder next = copy();
            next.seed = seed;
            return next;
        }

        /** The first epoch (default 0). */
        public Builder epoch(long first) {
            if (first < 0) {
                throw new IllegalArgumentException("epoch must not be negative: " + first);
            }
            Builder next = copy();
            next.epoch = first;
            return next;
        }

        /** How many epochs, 0 (default) for all the stream gives. */
        public Builder epochs(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("epochs must not be negative: " + count);
            }
            Builder next = copy();
            next.epochs = count;
            return next;
        }

        /** Starts after the batch that carried {@code checkpoint}, in its epoch. */
        public Builder resumeFrom(Checkpoint checkpoint) {
            Objects.requireNonNull(checkpoint, "checkpoint");
            Builder next = copy();
            next.resume = checkpoint.toBytes();
            next.epoch = checkpoint.epoch();
            return next;
        }

        /** The bearer token (default none). */
        public Builder token(String secret) {
            Objects.requireNonNull(secret, "secret");
            Builder next = copy();
            next.token = secret.getBytes(StandardCharsets.UTF_8);
            return next;
        }

        /** The most credit to have outstanding, if fewer than the server allows: the batches in flight. */
        public Builder maxCredit(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxCredit must be at least 1: " + max);
            }
            Builder next = copy();
            next.maxCredit = max;
            return next;
        }

        /** Reconnections in a row before giving up (default 5); 0 never reconnects. */
        public Builder reconnects(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("reconnects must not be negative: " + count);
            }
            Builder next = copy();
            next.reconnects = count;
            return next;
        }

        /** The wait before the n-th reconnection in a row is n times this (default 200 ms). */
        public Builder backoff(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("backoff must not be negative: " + delay);
            }
            Builder next = copy();
            next.backoff = delay;
            return next;
        }

        /**
         * Speaks TLS, trusting the certificates in this PEM file (the server's own, for a
         * self-signed one); the server's name or address must match its certificate.
         */
        public Builder tls(Path trustedCertificates) {
            Objects.requireNonNull(trustedCertificates, "trustedCertificates");
            Builder next = copy();
            next.trusted = trustedCertificates;
            return next;
        }

        /** A client with these settings. */
        public AudioClient build() {
            return new AudioClient(this);
        }

        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
