package io.reactiveaudio.examples.cli;

import io.reactiveaudio.cache.DecodedAudioCache;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.decode.Decode;
import io.reactiveaudio.examples.DemoCorpus;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.netty.server.AudioServer;
import io.reactiveaudio.netty.server.BatchSource;
import io.reactiveaudio.netty.server.DecodeMeters;
import io.reactiveaudio.netty.server.FeatureSource;
import io.reactiveaudio.netty.server.OutputSource;
import io.reactiveaudio.onnx.Infer;
import io.reactiveaudio.onnx.Model;
import io.reactiveaudio.onnx.SessionPool;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.pipeline.SpeechPreset;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reactive-audio serve [DIR]}: serves the training pipeline over DIR to remote trainers
 * by the protocol of {@code docs/protocol.md}, until interrupted. Each connection gets its own
 * pipeline for its rank, world size, seed and epochs; {@code --shared} serves one pipeline whose
 * batches are dealt to all connections. {@code --features} serves spectrogram, mel, log-mel or MFCC
 * batches instead of audio; {@code --model} serves an ONNX model's outputs on those batches; {@code --decoder} picks the decoder backend and {@code --cache} decodes
 * each file once for all epochs and connections.
 */
@Command(name = "serve", description = "Serves the training pipeline on DIR (default: the built-in demo corpus) "
        + "to remote trainers over TCP (docs/protocol.md) until interrupted.")
public final class ServeCommand implements Callable<Integer> {

    /** Feature buffers beyond the credit: the batch whose features are computed ahead, and one spare. */
    private static final int FEATURE_POOL_MARGIN = 2;

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

    @Option(names = "--shared", description = "One pipeline for all connections, each batch to one of them "
            + "(its pool covers --max-credit batches per connection, allocated as used).")
    boolean shared;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of a --shared stream (clients send their own otherwise).")
    long seed;

    @Option(names = "--sample-rate", defaultValue = "44100", description = "Sample rate in Hz (default 44100).")
    int sampleRate;

    @Option(names = "--mono", description = "Mix to one channel (default: stereo).")
    boolean mono;

    @Option(names = "--features", paramLabel = "KIND", defaultValue = "none", description = "none (default: audio "
            + "batches), or the features served instead of the audio: spectrogram, mel, logmel or mfcc, shaped (B, bins, "
            + "frames), channels after B when stereo; set up by --n-fft, --hop-length, --n-mels ... as for the "
            + "features command (torchaudio's names and defaults).")
    String features;

    @Option(names = "--feature-layout", defaultValue = "bins-frames", description = "Order of each feature matrix: "
            + "bins-frames (default, like torchaudio) or frames-bins.")
    String featureLayout;

    @Option(names = "--model", paramLabel = "MODEL.onnx", description = "Serve the outputs of this ONNX model run on "
            + "the batches (the --features, or the audio) instead of the batches: its first output, as the big tensor "
            + "named like it (docs/models.md).")
    Path model;

    @Option(names = "--sessions", paramLabel = "N", description = "ONNX Runtime sessions of --model, run side by side "
            + "(default: half the cores, at least 1).")
    Integer sessions;

    @Mixin
    PipelineOptions options;

    @Mixin
    FeatureOptions featureOptions;

    @Mixin
    DecoderOption decoder;

    @Mixin
    PresetOption preset;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs the stream has (default: endless).")
    Long epochs;

    @Option(names = "--max-credit", defaultValue = "4", description = "Batches in flight per connection (default 4).")
    int maxCredit;

    @Option(names = "--max-connections", defaultValue = "64", description = "Connections served at once (default 64).")
    int maxConnections;

    @Option(names = "--send-buffer", paramLabel = "BYTES|auto", description = "Kernel send buffer of every "
            + "connection, e.g. 1M, or auto for the kernel's autotuning (default: 512K for a loopback client, "
            + "autotuning for others).")
    String sendBuffer;

    @Option(names = "--metrics-port", paramLabel = "M", description = "Also serve a status page (GET /, refreshed "
            + "from /status.json), GET /health and /metrics (Prometheus text) over HTTP on this port.")
    Integer metricsPort;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File whose first line is the bearer token.")
    Path tokenFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key, PKCS#8 (with --tls-cert).")
    Path tlsKey;

    @Spec
    CommandSpec spec;

    /** The running server, once bound; volatile so that a test may stop it from another thread. */
    volatile AudioServer server;

    /** The sessions of {@code --model}, or null without it; closed when the server stops. */
    SessionPool sessionPool;

    /** The decoded-audio cache the stream reads through, or null without {@code --cache}. */
    DecodedAudioCache cache;

    @Override
    public Integer call() throws IOException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (options.readsShards()) {
            return run(null, false);
        }
        return DemoCorpus.runOn(dir, root -> run(root, dir == null));
    }

    private int run(Path root, boolean demo) throws IOException {
        Integer rate = spec.commandLine().getParseResult().hasMatchedOption("--sample-rate") ? sampleRate : null;
        SpeechPreset speech = preset.given() ? preset.speech(rate, options, featureOptions) : null;
        int f = speech != null ? speech.segmentFrames() : options.frame(demo);
        int b = speech != null ? speech.batch() : options.batch(demo);
        cache = options.cache();
        Decode decode = options.decode(Decode.defaults().decoders(decoder.decoders()));
        AudioPipeline decoded = AudioPipeline.from(root == null ? options.shardSources()
                        : Sources.directory(root).labelsFromParentFolder(true).scan())
                .decode(decode)
                .conform(sampleRate, mono ? ChannelPolicy.mono() : ChannelPolicy.stereo());
        AudioPipeline base = options.batches(decoded, demo, cache).initialFill(Math.min(64, options.buffer(demo)))
                .poolSize(batchesHeld());
        AudioServer.Builder builder = AudioServer.builder().host(host).port(port).maxCredit(maxCredit)
                .maxConnections(maxConnections);
        AudioPipeline featured = speech != null ? base.preset(speech) : features.equals("none") ? null
                : base.features(featureOptions.extractor("--features", features, sampleRate));
        if (model != null) {
            builder = withModel(builder, base, featured);
        } else {
            builder = featured == null ? withAudio(builder, base) : withFeatures(builder, featured);
        }
        if (tokenFile != null) {
            builder = builder.token(Files.readAllLines(tokenFile, StandardCharsets.UTF_8).get(0).strip());
        }
        if (tlsCert != null) {
            builder = builder.tls(tlsCert, tlsKey);
        }
        if (metricsPort != null) {
            builder = builder.metricsPort(metricsPort).meters(DecodeMeters.of(stream, decode.report()));
        }
        if (sendBuffer != null) {
            builder = builder.sendBuffer(sendBufferBytes());
        }
        AudioServer bound = builder.bindNow();
        server = bound;
        Runtime.getRuntime().addShutdownHook(new Thread(bound::dispose, "reactive-audio-serve-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("serving %s%s on %s:%d (%s, batches of %d x %d frames, %d Hz %s, %s%s, decoder %s%s)%n",
                stream, shared ? " (shared)" : "", host, bound.port(), tlsCert != null ? "TLS" : "plain TCP", b, f,
                speech != null ? speech.sampleRate() : sampleRate, mono || speech != null ? "mono" : "stereo",
                speech != null ? speech.toString() : features.equals("none") ? "audio" : features + " features",
                sessionPool == null ? "" : " through " + sessionPool, decoder.resolved(),
                cache == null ? "" : ", cache " + options.cacheDir());
        if (bound.metricsPort() >= 0) {
            out.printf("status page on http://%s:%d/ (health and metrics on /health and /metrics)%n", host,
                    bound.metricsPort());
        }
        out.flush();
        try {
            bound.onDispose().block();
        } finally {
            if (sessionPool != null) {
                sessionPool.close();
            }
        }
        return 0;
    }

    /** {@code --send-buffer} in bytes, 0 for {@code auto}. */
    private int sendBufferBytes() {
        if (sendBuffer.equalsIgnoreCase("auto")) {
            return 0;
        }
        long bytes;
        try {
            bytes = new ByteSize().convert(sendBuffer);
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--send-buffer takes a size such as 512K, or auto: " + sendBuffer);
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--send-buffer takes at most 2G: " + sendBuffer);
        }
        return (int) bytes;
    }

    /**
     * The most batches a pipeline has made and the server not yet written: one connection's credit,
     * or for a shared pipeline the credit of every connection it may serve (allocated as used).
     */
    private int batchesHeld() {
        int perConnection = Math.max(4, maxCredit);
        return shared ? Math.multiplyExact(perConnection, maxConnections) : perConnection;
    }

    private AudioServer.Builder withAudio(AudioServer.Builder builder, AudioPipeline base) {
        BatchSource source = epochs == null ? BatchSource.of(base) : BatchSource.of(base, epochs);
        return shared ? builder.sharedStream(stream, seed, source) : builder.stream(stream, source);
    }

    /**
     * A feature stream of the features {@code featured} computes; its pool has {@value #FEATURE_POOL_MARGIN} buffers more than the credit,
     * since {@code featureFlux()} computes the next batch's features before it is requested.
     */
    private AudioServer.Builder withFeatures(AudioServer.Builder builder, AudioPipeline featured) {
        FeatureSource source = featureSource(featured, 0);
        return shared ? builder.sharedFeatureStream(stream, seed, source) : builder.featureStream(stream, source);
    }

    /** The feature batches of {@code featured}, their pool {@code extra} buffers larger for the batches a model holds. */
    private FeatureSource featureSource(AudioPipeline featured, int extra) {
        AudioPipeline pipeline = featured.featureLayout(EnumOption.parse(spec.commandLine(), "--feature-layout", featureLayout, FeatureLayout.class))
                .poolSize(batchesHeld() + FEATURE_POOL_MARGIN + extra);
        return epochs == null ? FeatureSource.of(pipeline) : FeatureSource.of(pipeline, epochs);
    }

    /**
     * A stream of the model's outputs on the feature batches (or the audio batches): one session pool
     * for all connections, closed when the server stops. The batches the model holds (one per session
     * plus its prefetch) are added to the input pool; the output pool covers the credit as well.
     */
    private AudioServer.Builder withModel(AudioServer.Builder builder, AudioPipeline base, AudioPipeline featured) {
        Model description = sessions == null ? Model.onnx(model) : Model.onnx(model).sessions(sessions);
        sessionPool = description.open();
        int held = sessionPool.size() + Infer.DEFAULT_PREFETCH;
        Infer infer = Infer.of(sessionPool).poolSize(batchesHeld() + held);
        OutputSource source;
        if (featured == null) {
            AudioPipeline pipeline = base.poolSize(batchesHeld() + held);
            BatchSource batches = epochs == null ? BatchSource.of(pipeline) : BatchSource.of(pipeline, epochs);
            source = request -> batches.open(request).transform(infer);
        } else {
            FeatureSource batches = featureSource(featured, held);
            source = request -> batches.open(request).transform(infer);
        }
        String output = sessionPool.outputs().get(0);
        int rank = sessionPool.outputShape(output).length;
        String axes = rank == 2 ? "B," + output
                : "B" + IntStream.range(1, rank).mapToObj(d -> "," + output + d).collect(Collectors.joining());
        return shared ? builder.sharedOutputStream(stream, seed, output, axes, source)
                : builder.outputStream(stream, output, axes, source);
    }
}
