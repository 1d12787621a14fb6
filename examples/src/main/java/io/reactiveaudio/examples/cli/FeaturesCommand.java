package io.reactiveaudio.examples.cli;

import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.examples.encode.PcmFileWriter;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code reactive-audio features FILE --kind spectrogram|mel|logmel|mfcc --out OUT.npy}: the
 * features of a whole file (mixed to mono) with torchaudio's parameter names and defaults, written
 * as a float32 {@code .npy} of shape {@code (bins, frames)} like torchaudio's output. Boolean
 * options take an explicit value ({@code --center false}).
 */
@Command(name = "features",
        description = "Features of FILE (mono mix) with torchaudio's names and defaults, written as .npy shaped "
                + "(bins, frames).")
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "An audio file (mp3, wav, flac, ...).")
    Path file;

    @Option(names = "--out", required = true, description = "The .npy to write.")
    Path out;

    @Option(names = "--kind", defaultValue = "logmel", description = "spectrogram, mel, logmel (default) or mfcc.")
    String kind;

    @Mixin
    FeatureOptions features;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String summary = Mono.fromCallable(this::write).subscribeOn(Schedulers.boundedElastic()).block();
        spec.commandLine().getOut().println(summary);
        return 0;
    }

    private String write() {
        DecodedAudio audio = AudioDecoders.standard().decode(file);
        float[] mono = SpectrogramCommand.mono(audio);
        FeatureExtractor extractor = features.extractor("--kind", kind, audio.info().sampleRate());
        int bins = extractor.bins();
        int frames = extractor.frames(mono.length);
        float[] values = new float[bins * frames];
        extractor.newWorker().compute(mono, 0, mono.length, values, 0, FeatureLayout.BINS_FRAMES);
        // An (bins, frames) array in C order is "bins rows of frames columns": rows are the writer's frames.
        try (PcmFileWriter writer = PcmFileWriter.create(out, frames, audio.info().sampleRate())) {
            writer.write(values, bins);
        }
        return String.format(Locale.ROOT, "%s: %s (%d, %d) float32 -> %s", file.getFileName(), kind, bins, frames, out);
    }
}
