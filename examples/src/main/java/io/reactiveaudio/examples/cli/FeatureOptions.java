package io.reactiveaudio.examples.cli;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.features.mel.MelNorm;
import io.reactiveaudio.features.mel.MelScale;
import io.reactiveaudio.features.mel.MelSpectrogram;
import io.reactiveaudio.features.mfcc.Mfcc;
import io.reactiveaudio.features.stft.Spectrogram;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The feature extractor options of the commands that compute features ({@code features},
 * {@code serve}), with torchaudio's parameter names and defaults. Boolean options take an explicit
 * value ({@code --center false}).
 */
final class FeatureOptions {

    /** The kinds {@link #extractor} builds, as named on the command line. */
    private static final String KINDS = "spectrogram, mel, logmel or mfcc";

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

    @Option(names = "--whisper-scale", defaultValue = "false", arity = "1", description = "logmel: Whisper's clamp "
            + "(top_db 80 unless --top-db) and scaling (dB / 40 + 1, i.e. (log10 + 4) / 4): true or false (default).")
    boolean whisperScale;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * The extractor of {@code kind} for audio at {@code rate} Hz.
     *
     * @param option the option that named the kind, for the error message
     * @throws ParameterException if the kind or an enumerated option's value is unknown
     */
    FeatureExtractor extractor(String option, String kind, int rate) {
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
                yield (topDb == null ? b.withoutTopDb() : b.topDb(topDb)).whisperScale(whisperScale).build();
            }
            case "mfcc" -> {
                Mfcc.Builder b = Mfcc.builder().sampleRate(rate).nMfcc(nMfcc).nFft(nFft).winLength(win).hopLength(hop)
                        .center(center).padMode(pad).power(power).nMels(nMels).fMin(fMin).fMax(top)
                        .melScale(choose("--mel-scale", melScale, MelScale.class))
                        .norm(choose("--norm", norm, MelNorm.class));
                yield (topDb == null ? b : b.topDb(topDb)).build();
            }
            default -> throw new ParameterException(spec.commandLine(), option + ": " + KINDS + ", got " + kind);
        };
    }

    private <E extends Enum<E>> E choose(String option, String value, Class<E> type) {
        return EnumOption.parse(spec.commandLine(), option, value, type);
    }
}
