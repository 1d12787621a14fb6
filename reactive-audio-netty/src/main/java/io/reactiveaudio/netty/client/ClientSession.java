package io.reactiveaudio.netty.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.handler.ssl.SslHandler;
import io.reactiveaudio.netty.internal.Frames;
import io.reactiveaudio.netty.protocol.ErrorCode;
import io.reactiveaudio.netty.protocol.Handshake;
import io.reactiveaudio.netty.protocol.ProtocolException;
import io.reactiveaudio.netty.protocol.Welcome;
import java.io.IOException;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One subscription of {@link AudioClient#batches()}: a connection at a time, downstream demand
 * turned into credit (at most the server's {@code max_credit} outstanding), and after a lost
 * connection a new one that resumes after the last batch delivered. Its state changes under its
 * own lock, from event loops, the subscriber's thread and the reconnect timer; nothing blocks.
 */
final class ClientSession {

    private static final Logger LOG = Loggers.getLogger(ClientSession.class);

    private final AudioClient client;
    private final FluxSink<ReceivedBatch> sink;
    private final ReceiveBuffers buffers = new ReceiveBuffers(0);
    private long epoch;
    private long epochsLeft;
    private byte[] resume;
    private long demand;
    private long outstanding;
    private int window;
    private int failures;
    private boolean done;
    private Attempt current;
    private Disposable pending;

    ClientSession(AudioClient client, FluxSink<ReceivedBatch> sink) {
        this.client = client;
        this.sink = sink;
        this.epoch = client.epoch();
        this.epochsLeft = client.epochs() == 0 ? Long.MAX_VALUE : client.epochs();
        this.resume = client.resume();
    }

    void start() {
        sink.onRequest(this::request);
        sink.onDispose(this::stop);
        connect();
    }

    private void connect() {
        Attempt attempt;
        Handshake handshake;
        synchronized (this) {
            if (done) {
                return;
            }
            handshake = new Handshake(client.stream(), client.rank(), client.worldSize(), client.seed(), epoch,
                    epochsLeft == Long.MAX_VALUE ? 0 : epochsLeft, resume, client.token());
            attempt = new Attempt();
            current = attempt;
            outstanding = 0;
            window = 0;
        }
        client.tcp().doOnConnected(connection -> {
                    if (attempt.connected(connection)) {
                        ClientFrameDecoder decoder = new ClientFrameDecoder(attempt, buffers);
                        connection.addHandlerLast("reactive-audio-frames", decoder);
                        readPayloadsDirectly(connection.channel(), decoder);
                        // the decoder takes every byte, so nothing subscribes to the inbound that would start reads
                        connection.channel().config().setAutoRead(true);
                        connection.channel().writeAndFlush(handshake.encode(connection.channel().alloc()));
                    }
                })
                .connect()
                .subscribe(connection -> { }, attempt::closed);
    }

    /** Lets the socket read BATCH payloads into their buffers, unless TLS stands between. */
    private static void readPayloadsDirectly(Channel channel, ClientFrameDecoder decoder) {
        if (channel.pipeline().get(SslHandler.class) == null) {
            ChannelConfig config = channel.config();
            config.setRecvByteBufAllocator(new PayloadReads(config.getRecvByteBufAllocator(), decoder));
        }
    }

    private void request(long n) {
        synchronized (this) {
            demand = Operators.addCap(demand, n);
        }
        grant();
    }

    private void stop() {
        Attempt attempt;
        Disposable timer;
        synchronized (this) {
            done = true;
            attempt = current;
            timer = pending;
        }
        if (timer != null) {
            timer.dispose();
        }
        if (attempt != null) {
            attempt.dispose();
        }
        buffers.close();
    }

    /** Sends the credit that demand and the window allow on the current connection. */
    private void grant() {
        Channel channel;
        int credit;
        synchronized (this) {
            if (done || current == null || current.channel == null || window == 0) {
                return;
            }
            long allowed = Math.min(demand, window) - outstanding;
            if (allowed <= 0) {
                return;
            }
            credit = (int) allowed;
            outstanding += credit;
            channel = current.channel;
        }
        channel.writeAndFlush(Frames.credit(channel.alloc(), credit));
    }

    private void retry(Throwable cause) {
        int attempts;
        synchronized (this) {
            if (done) {
                return;
            }
            if (epochsLeft == 0) {
                done = true;
                attempts = -1;
            } else {
                attempts = ++failures;
            }
        }
        if (attempts < 0) {
            sink.complete();
            return;
        }
        if (attempts > client.reconnects()) {
            stop();
            sink.error(cause instanceof ProtocolException ? cause
                    : new IOException("connection to " + client.host() + ":" + client.port() + " lost "
                    + attempts + " times in a row", cause));
            return;
        }
        Duration delay = client.backoff().multipliedBy(attempts);
        LOG.debug("reconnecting to {}:{} in {} ms (epoch {}, resume {})", client.host(), client.port(),
                delay.toMillis(), epoch, resume != null);
        Disposable timer = Mono.delay(delay).subscribe(tick -> connect());
        synchronized (this) {
            pending = timer;
        }
    }

    /** One connection attempt; callbacks from an attempt that is no longer current are ignored. */
    private final class Attempt implements FrameListener {

        private Connection connection;
        private Channel channel;
        private boolean ended;

        /** Whether the connection is still wanted; disposes it if not. */
        boolean connected(Connection c) {
            boolean stale;
            synchronized (ClientSession.this) {
                connection = c;
                channel = c.channel();
                stale = current != this || done;
            }
            if (stale) {
                c.dispose();
            }
            return !stale;
        }

        void dispose() {
            Connection c;
            synchronized (ClientSession.this) {
                ended = true;
                c = connection;
            }
            if (c != null) {
                c.dispose();
            }
        }

        @Override
        public void welcome(Welcome welcome) {
            synchronized (ClientSession.this) {
                if (current != this) {
                    return;
                }
                window = Math.min(welcome.maxCredit(), client.maxCredit());
            }
            // the batches in flight, the one the subscriber works on, and one it has not released yet
            buffers.limit(window + 2);
            grant();
        }

        @Override
        public void batch(ByteBuf blob) {
            ReceivedBatch batch;
            try {
                batch = new ReceivedBatch(blob);
            } catch (RuntimeException e) {
                fatal(new ProtocolException(ErrorCode.PROTOCOL_VIOLATION, "a BATCH that is not valid: "
                        + e.getMessage()));
                return;
            }
            synchronized (ClientSession.this) {
                if (current != this || done) {
                    batch.release();
                    return;
                }
                outstanding--;
                demand--;
                failures = 0;
                byte[] checkpoint = batch.checkpointBytes().orElse(null);
                if (checkpoint != null) {
                    epoch = batch.epoch();
                    resume = checkpoint;
                } else if (batch.epoch() >= epoch) {
                    epoch = batch.epoch() + 1;
                    resume = null;
                    epochsLeft = epochsLeft == Long.MAX_VALUE ? epochsLeft : epochsLeft - 1;
                }
            }
            sink.next(batch);
            grant();
        }

        @Override
        public void endOfEpoch(long ended, long batches) {
            synchronized (ClientSession.this) {
                if (current == this && ended >= epoch) {
                    epoch = ended + 1;
                    resume = null;
                    epochsLeft = epochsLeft == Long.MAX_VALUE ? epochsLeft : epochsLeft - 1;
                }
            }
        }

        @Override
        public void endOfStream() {
            synchronized (ClientSession.this) {
                if (current != this || done) {
                    return;
                }
                done = true;
                ended = true;
            }
            sink.complete();
            dispose();
        }

        @Override
        public void error(int code, String message) {
            ErrorCode error = ErrorCode.of(code);
            ProtocolException failure = new ProtocolException(error == null ? ErrorCode.STREAM_FAILED : error,
                    message + (error == null ? " (unknown code " + code + ")" : ""));
            synchronized (ClientSession.this) {
                ended = true;
            }
            if (failure.code().retryable()) {
                retryIfCurrent(failure);
            } else {
                fatal(failure);
            }
        }

        @Override
        public void closed(Throwable cause) {
            boolean quiet;
            synchronized (ClientSession.this) {
                quiet = ended;
                ended = true;
            }
            if (!quiet) {
                retryIfCurrent(cause == null ? new IOException("connection closed") : cause);
            }
        }

        private void retryIfCurrent(Throwable cause) {
            synchronized (ClientSession.this) {
                if (current != this) {
                    return;
                }
                current = null;
            }
            dispose();
            retry(cause);
        }

        private void fatal(Throwable cause) {
            synchronized (ClientSession.this) {
                if (current != this || done) {
                    return;
                }
                done = true;
            }
            dispose();
            sink.error(cause);
        }
    }
}
