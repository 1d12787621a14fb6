package io.reactiveaudio.examples.cli;

import io.reactiveaudio.batch.Layout;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reactive-audio serve [DIR]}: serves the training pipeline over DIR to remote trainers
 * by the protocol of {@code docs/protocol.md}, until interrupted. Each connection gets its own
 * pipeline for its rank, world size, seed and epochs; {@code --shared} serves one pipeline whose
 * batches are dealt to all connections.
 */
@Command(name = "serve", description = "Serves the training pipeline on DIR (default: the built-in demo corpus) "
        + "to remote trainers over TCP (docs/protocol.md) until interrupted.", mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Corpus folder (all MP3/WAV/FLAC below it); "
            + "label folders become labels.")
    Path dir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default 127.0.0.1; "
            + "beyond loopback --token-file is required).")
    String host;

    @Option(names = "--port", defaultValue = "7070", description = "TCP port (default 7070; 0 for any free one).")
    int port;

    @Option(names = "--stream", defaultValue = "train", description = "Stream name (default train).")
    String stream;

    @Option(names = "--shared", description = "One pipeline for all connections, each batch to one of them.")
    boolean shared;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of a --shared stream (clients send their own otherwise).")
    long seed;

    @Option(names = "--frame", paramLabel = "F", description = "Segment length in frames (default 196608; 4096 on the demo corpus).")
    Integer frame;

    @Option(names = "--batch", paramLabel = "B", description = "Segments per batch (default 32; 8 on the demo corpus).")
    Integer batch;

    @Option(names = "--buffer", paramLabel = "N", description = "Shuffle window in segments (default 1000; 64 on the demo corpus).")
    Integer buffer;

    @Option(names = "--sample-rate", defaultValue = "44100", description = "Sample rate in Hz (default 44100).")
    int sampleRate;

    @Option(names = "--mono", description = "Mix to one channel (default: stereo).")
    boolean mono;

    @Option(names = "--layout", defaultValue = "btc", description = "btc (batch, time, channels) or bct.")
    String layout;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs the stream has (default: endless).")
    Long epochs;

    @Option(names = "--max-credit", defaultValue = "4", description = "Batches in flight per connection (default 4).")
    int maxCredit;

    @Option(names = "--max-connections", defaultValue = "64", description = "Connections served at once (default 64).")
    int maxConnections;

    @Option(names = "--metrics-port", paramLabel = "M", description = "Also serve GET /health and /metrics "
            + "(Prometheus text) over HTTP on this port.")
    Integer metricsPort;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File whose first line is the bearer token.")
    Path tokenFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key, PKCS#8 (with --tls-cert).")
    Path tlsKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return DemoCorpus.runOn(dir, root -> run(root, dir == null));
    }

    private int run(Path root, boolean demo) throws IOException {
        int f = frame != null ? frame : demo ? 4096 : 196_608;
        int b = batch != null ? batch : demo ? 8 : 32;
        int window = buffer != null ? buffer : demo ? 64 : 1000;
        AudioPipeline base = AudioPipeline.from(Sources.directory(root).labelsFromParentFolder(true).scan())
                .conform(sampleRate, mono ? ChannelPolicy.mono() : ChannelPolicy.stereo())
                .frames(f).shuffle(window).initialFill(Math.min(64, window)).batch(b)
                .layout(Layout.valueOf(layout.toUpperCase(Locale.ROOT)))
                .poolSize(Math.max(4, maxCredit));
        BatchSource source = epochs == null ? BatchSource.of(base) : BatchSource.of(base, epochs);
        AudioServer.Builder builder = AudioServer.builder().host(host).port(port).maxCredit(maxCredit)
                .maxConnections(maxConnections);
        builder = shared ? builder.sharedStream(stream, seed, source) : builder.stream(stream, source);
        if (tokenFile != null) {
            builder = builder.token(Files.readAllLines(tokenFile, StandardCharsets.UTF_8).get(0).strip());
        }
        if (tlsCert != null) {
            builder = builder.tls(tlsCert, tlsKey);
        }
        if (metricsPort != null) {
            builder = builder.metricsPort(metricsPort);
        }
        AudioServer server = builder.bindNow();
        Runtime.getRuntime().addShutdownHook(new Thread(server::dispose, "reactive-audio-serve-stop"));
        spec.commandLine().getOut().printf("serving %s%s on %s:%d (%s, batches of %d x %d frames, %d Hz %s)%n",
                stream, shared ? " (shared)" : "", host, server.port(), tlsCert != null ? "TLS" : "plain TCP", b, f,
                sampleRate, mono ? "mono" : "stereo");
        if (server.metricsPort() >= 0) {
            spec.commandLine().getOut().printf("health and metrics on http://%s:%d/health and /metrics%n", host,
                    server.metricsPort());
        }
        spec.commandLine().getOut().flush();
        server.onDispose().block();
        return 0;
    }
}
