package io.reactiveaudio.examples.cli;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.conform.ChannelPolicy;
import io.reactiveaudio.examples.encode.PcmFileWriter;
import io.reactiveaudio.framing.Sliding;
import io.reactiveaudio.onnx.Infer;
import io.reactiveaudio.onnx.InferenceBatch;
import io.reactiveaudio.onnx.InferenceReport;
import io.reactiveaudio.onnx.Model;
import io.reactiveaudio.onnx.SessionPool;
import io.reactiveaudio.pipeline.AudioPipeline;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

/**
 * {@code reactive-audio embed DIR --model m.onnx --out emb.npy}: runs an ONNX model over every
 * segment of every file below DIR (mono, windows of {@code --frame} frames every {@code --hop},
 * the last one of each file zero-padded) and writes one row of the model's output per segment to a
 * float32 {@code .npy} of shape {@code (rows, dim)}, with an index CSV beside it naming each row's
 * file, segment (window number in its file) and label. Segment i starts at frame {@code i * hop}. The model gets the segments' log-mel (or another
 * {@code --features} kind, or the audio itself with {@code --features none}) as the pipeline
 * computes it, shaped {@code (B, n_mels, frames)}; see docs/models.md.
 */
@Command(name = "embed", description = "Runs an ONNX model over every segment of the files below DIR and writes one "
        + "output row per segment to a .npy (rows, dim), with an index CSV (docs/models.md).")
final class EmbedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Corpus folder (all MP3/WAV/FLAC below it).")
    Path dir;

    @Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "The ONNX model.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy", description = "The .npy of the rows to write.")
    Path out;

    @Option(names = "--index", paramLabel = "CSV", description = "The index to write: row,path,source_index,segment,"
            + "label (default: OUT with .index.csv for .npy).")
    Path index;

    @Option(names = "--input", description = "The model input fed (default: its only input).")
    String input;

    @Option(names = "--output", description = "The model output written (default: its first output).")
    String output;

    @Option(names = "--sessions", paramLabel = "N", description = "ONNX Runtime sessions run side by side "
            + "(default: half the cores, at least 1).")
    Integer sessions;

    @Option(names = "--sample-rate", defaultValue = "16000", description = "Sample rate in Hz (default 16000).")
    int sampleRate;

    @Option(names = "--frame", paramLabel = "F", defaultValue = "16000", description = "Segment length in frames "
            + "(default 16000).")
    int frame;

    @Option(names = "--hop", paramLabel = "H", description = "Frames from one segment's start to the next "
            + "(default: F, segments that touch).")
    Integer hop;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Segments per batch (default 32).")
    int batch;

    @Option(names = "--features", paramLabel = "KIND", defaultValue = "logmel", description = "What feeds the model: "
            + "logmel (default), mel, spectrogram, mfcc (set up by --n-mels ... as for the features command), or none "
            + "for the audio, shaped (B, T, 1).")
    String features;

    @Mixin
    FeatureOptions featureOptions;

    @Option(names = "--json", description = "Print the summary as one JSON object instead of a sentence.")
    boolean json;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        SourceSet sources = Sources.directory(dir).scan();
        Model description = Model.onnx(model);
        if (input != null) {
            description = description.input(input);
        }
        if (output != null) {
            description = description.output(output);
        }
        if (sessions != null) {
            description = description.sessions(sessions);
        }
        Path indexFile = index != null ? index : Path.of(out.toString().replaceFirst("(?i)\\.npy$", "") + ".index.csv");
        InferenceReport report = new InferenceReport();
        Written written;
        try (SessionPool pool = description.open()) {
            AudioPipeline pipeline = AudioPipeline.from(sources).conform(sampleRate, ChannelPolicy.mono())
                    .framing(Sliding.of(frame, hop == null ? frame : hop)).shuffle(1).initialFill(1).batch(batch)
                    .dropLast(false).epochs(1).poolSize(pool.size() + Infer.DEFAULT_PREFETCH + 4);
            Flux<InferenceBatch> outputs = (features.equals("none") ? pipeline.flux()
                    : pipeline.features(featureOptions.extractor("--features", features, sampleRate)).featureFlux())
                    .transform(Infer.of(pool).report(report));
            ProgressBar bar = progress.bar("embed", "files", Math.max(1, sources.size()));
            written = write(outputs, pool.outputs().get(0), sources, indexFile, bar);
            bar.finish();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (json) {
            spec.commandLine().getOut().println(JsonLine.of(g -> {
                g.writeNumberField("rows", written.rows());
                g.writeNumberField("width", written.width());
                g.writeStringField("out", out.toString());
                g.writeStringField("index", indexFile.toString());
                g.writeNumberField("files", sources.size());
                g.writeNumberField("seconds", seconds);
                g.writeNumberField("model_runs", report.runs());
                g.writeNumberField("padded_rows", report.paddedRows());
            }));
        } else {
            spec.commandLine().getOut().printf(Locale.ROOT, "%d rows of %d floats -> %s, index %s (%d files, %.1f s, "
                    + "%d model runs, %d padded rows)%n", written.rows(), written.width(), out, indexFile, sources.size(),
                    seconds, report.runs(), report.paddedRows());
        }
        return 0;
    }

    /** How many rows of how many floats were written. */
    private record Written(long rows, int width) {
    }

    /**
     * Writes output {@code name}'s row of every item to {@link #out} and a line per row to
     * {@code indexFile}, taking the batches on this thread (file writes block).
     */
    private Written write(Flux<InferenceBatch> outputs, String name, SourceSet sources, Path indexFile,
                          ProgressBar bar) throws IOException {
        long rows = 0;
        int width = 0;
        long files = 0;
        long lastSource = -1;
        PcmFileWriter npy = null;
        try (BufferedWriter csv = Files.newBufferedWriter(indexFile, StandardCharsets.UTF_8)) {
            csv.write("row,path,source_index,segment,label\n");
            for (InferenceBatch result : outputs.toIterable(2)) {
                try (result) {
                    if (npy == null) {
                        width = Arrays.stream(result.itemShape(name)).reduce(1, Math::multiplyExact);
                        npy = PcmFileWriter.create(out, width, sampleRate);
                    }
                    FloatBuffer view = result.output(name);
                    float[] values = new float[view.remaining()];
                    view.get(values);
                    npy.write(values, result.size());
                    long[] indices = result.sourceIndices();
                    long[] ordinals = result.ordinals();
                    for (int b = 0; b < result.size(); b++) {
                        if (indices[b] != lastSource) {
                            lastSource = indices[b];
                            files++;
                        }
                        AudioSource source = sources.get(indices[b]);
                        csv.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%s%n", rows++,
                                csvField(dir.relativize(source.path()).toString()), indices[b], ordinals[b],
                                source.hasLabel() ? csvField(source.label()) : ""));
                    }
                    bar.step(files, rows + " rows");
                }
            }
        } finally {
            if (npy != null) {
                npy.close();
            }
        }
        if (npy == null) {
            throw new IllegalArgumentException("no segment to embed: " + dir + " holds no decodable audio");
        }
        return new Written(rows, width);
    }

    /** {@code text} as one CSV field (RFC 4180): quoted, quotes doubled, when it holds a comma, quote or line break. */
    private static String csvField(String text) {
        return text.matches("[^,\"\r\n]*") ? text : '"' + text.replace("\"", "\"\"") + '"';
    }
}
