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

    /** Configures an {@link AudioClient}; not thread-safe, {@link #build()} takes a snapshot. */
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

        /** The stream's name. */
        public Builder stream(String name) {
            this.stream = Objects.requireNonNull(name, "name");
            return this;
        }

        /** This trainer's share: rank {@code rank} of {@code worldSize}. */
        public Builder shard(int rank, int worldSize) {
            if (worldSize < 1 || rank < 0 || rank >= worldSize) {
                throw new IllegalArgumentException("rank " + rank + " is not in 0.." + (worldSize - 1));
            }
            this.rank = rank;
            this.worldSize = worldSize;
            return this;
        }

        /** The seed of every random draw. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The first epoch (default 0). */
        public Builder epoch(long first) {
            if (first < 0) {
                throw new IllegalArgumentException("epoch must not be negative: " + first);
            }
            this.epoch = first;
            return this;
        }

        /** How many epochs, 0 (default) for all the stream gives. */
        public Builder epochs(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("epochs must not be negative: " + count);
            }
            this.epochs = count;
            return this;
        }

        /** Starts after the batch that carried {@code checkpoint}, in its epoch. */
        public Builder resumeFrom(Checkpoint checkpoint) {
            this.resume = checkpoint.toBytes();
            this.epoch = checkpoint.epoch();
            return this;
        }

        /** The bearer token. */
        public Builder token(String secret) {
            this.token = secret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The most credit to have outstanding, if fewer than the server allows: the batches in flight. */
        public Builder maxCredit(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxCredit must be at least 1: " + max);
            }
            this.maxCredit = max;
            return this;
        }

        /** Reconnections in a row before giving up (default 5); 0 never reconnects. */
        public Builder reconnects(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("reconnects must not be negative: " + count);
            }
            this.reconnects = count;
            return this;
        }

        /** The wait before the n-th reconnection in a row is n times this (default 200 ms). */
        public Builder backoff(Duration delay) {
            this.backoff = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Speaks TLS, trusting the certificates in this PEM file (the server's own, for a
         * self-signed one); the server's name or address must match its certificate.
         */
        public Builder tls(Path trustedCertificates) {
            this.trusted = Objects.requireNonNull(trustedCertificates, "trustedCertificates");
            return this;
        }

        /** The client. */
        public AudioClient build() {
            try {
                return new AudioClient((Builder) clone());
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
