package io.reactiveaudio.examples.cli;

import io.reactiveaudio.decode.AudioDecoders;
import io.reactiveaudio.decode.DecodedAudio;
import io.reactiveaudio.encode.PcmFileWriter;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.features.mel.MelNorm;
import io.reactiveaudio.features.mel.MelScale;
import io.reactiveaudio.features.mel.MelSpectrogram;
import io.reactiveaudio.features.mfcc.Mfcc;
import io.reactiveaudio.features.stft.Spectrogram;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code reactive-audio features FILE --kind spectrogram|mel|logmel|mfcc --out OUT.npy}: the
 * features of a whole file (mixed to mono) with torchaudio's parameter names and defaults, written
 * as a float32 {@code .npy} of shape {@code (bins, frames)} like torchaudio's output. Boolean
 * options take an explicit value ({@code --center false}).
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Features of FILE (mono mix) with torchaudio's names and defaults, written as .npy shaped "
                + "(bins, frames).")
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "An audio file (mp3, wav, flac, ...).")
    Path file;

    @Option(names = "--out", required = true, description = "The .npy to write.")
    Path out;

    @Option(names = "--kind", defaultValue = "logmel", description = "spectrogram, mel, logmel (default) or mfcc.")
    String kind;

    @Option(names = "--n-fft", defaultValue = "400", description = "n_fft (default ${DEFAULT-VALUE}).")
    int nFft;

    @Option(names = "--win-length", description = "win_length (default n_fft).")
    Integer winLength;

    @Option(names = "--hop-length", description = "hop_length (default win_length / 2).")
    Integer hopLength;

    @Option(names = "--n-mels", defaultValue = "128", description = "n_mels (default ${DEFAULT-VALUE}).")
    int nMels;

    @Option(names = "--n-mfcc", defaultValue = "40", description = "n_mfcc (default ${DEFAULT-VALUE}).")
    int nMfcc;

    @Option(names = "--f-min", defaultValue = "0", description = "f_min in Hz (default ${DEFAULT-VALUE}).")
    double fMin;

    @Option(names = "--f-max", description = "f_max in Hz (default sample_rate / 2).")
    Double fMax;

    @Option(names = "--mel-scale", defaultValue = "htk", description = "htk (default) or slaney.")
    String melScale;

    @Option(names = "--norm", defaultValue = "none", description = "Mel filter norm: none (default) or slaney.")
    String norm;

    @Option(names = "--power", defaultValue = "2.0", description = "Exponent of the magnitude (default ${DEFAULT-VALUE}).")
    double power;

    @Option(names = "--center", defaultValue = "true", arity = "1", description = "true (default) or false.")
    boolean center;

    @Option(names = "--pad-mode", defaultValue = "reflect", description = "reflect (default), constant or edge.")
    String padMode;

    @Option(names = "--top-db", description = "Clamp dB values to max - top_db (logmel: default none; mfcc: "
            + "torchaudio's 80).")
    Double topDb;

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
        FeatureExtractor extractor = extractor(audio.info().sampleRate());
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

    private FeatureExtractor extractor(int rate) {
        int win = winLength == null ? nFft : winLength;
        int hop = hopLength == null ? win / 2 : hopLength;
        double top = fMax == null ? rate / 2.0 : fMax;
        PadMode pad = choose("--pad-mode", padMode, PadMode.class);
        return switch (kind) {
            case "spectrogram" -> Spectrogram.builder().nFft(nFft).winLength(win).hopLength(hop).center(center)
                    .padMode(pad).power(power).build();
            case "mel" -> MelSpectrogram.builder().sampleRate(rate).nFft(nFft).winLength(win).hopLength(hop)
                    .center(center).padMode(pad).power(power).nMels(nMels).fMin(fMin).fMax(top)
                    .melScale(choose("--mel-scale", melScale, MelScale.class))
                    .norm(choose("--norm", norm, MelNorm.class)).build();
            case "logmel" -> {
                LogMel.Builder b = LogMel.builder().sampleRate(rate).nFft(nFft).winLength(win).hopLength(hop)
                        .center(center).padMode(pad).power(power).nMels(nMels).fMin(fMin).fMax(top)
                        .melScale(choose("--mel-scale", melScale, MelScale.class))
                        .norm(choose("--norm", norm, MelNorm.class));
                yield (topDb == null ? b.withoutTopDb() : b.topDb(topDb)).build();
            }
            case "mfcc" -> {
                Mfcc.Builder b = Mfcc.builder().sampleRate(rate).nMfcc(nMfcc).nFft(nFft).winLength(win).hopLength(hop)
                        .center(center).padMode(pad).power(power).nMels(nMels).fMin(fMin).fMax(top)
                        .melScale(choose("--mel-scale", melScale, MelScale.class))
                        .norm(choose("--norm", norm, MelNorm.class));
                yield (topDb == null ? b : b.topDb(topDb)).build();
            }
            default -> throw new ParameterException(spec.commandLine(),
                    "--kind: spectrogram, mel, logmel or mfcc, got " + kind);
        };
    }

    private <E extends Enum<E>> E choose(String option, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": unknown value " + value);
        }
    }
}
