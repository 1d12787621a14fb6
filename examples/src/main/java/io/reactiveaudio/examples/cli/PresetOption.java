package io.reactiveaudio.examples.cli;

import io.reactiveaudio.pipeline.SpeechPreset;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code --preset} option of the commands that run the training pipeline ({@code bench},
 * {@code serve}): {@code speech-logmel} is {@link SpeechPreset#logMel()}, and the pipeline and
 * feature options given beside it override its settings. Options the preset has no setting for
 * are refused rather than ignored. Filled in by picocli on the parsing thread; read on the
 * command's thread.
 */
final class PresetOption {

    /** The one preset so far, as named on the command line. */
    static final String SPEECH_LOGMEL = "speech-logmel";

    /** Feature options that the speech preset does not take: given with it, they are refused. */
    private static final List<String> NOT_IN_PRESET = List.of("--win-length", "--n-mfcc", "--f-min", "--f-max",
            "--mel-scale", "--norm", "--power", "--center", "--pad-mode", "--top-db", "--features");

    @Option(names = "--preset", paramLabel = "NAME", description = "speech-logmel: 16 kHz mono, 30 s windows (the "
            + "last padded), a shuffle window of 64, log-mel n_fft 400, hop 160, 80 mels, batches of 32 (B, 80, 3001); "
            + "--frame, --batch, --buffer, --n-fft, --hop-length, --n-mels, --whisper-scale, --crops (and serve's "
            + "--sample-rate) override it.")
    String preset;

    @Option(names = "--crops", paramLabel = "K", description = "With --preset: K random crops of each source instead "
            + "of consecutive windows.")
    Integer crops;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Whether {@code --preset} was given. */
    boolean given() {
        return preset != null;
    }

    /**
     * The preset named by {@code --preset} with the options given beside it.
     *
     * @param sampleRate the sample rate the command was given explicitly, or null
     * @param pipeline the command's pipeline options
     * @param features the command's feature options, or null if it has none
     * @throws ParameterException if the preset is unknown, an option it does not take is given, or
     *     a value is out of range
     */
    SpeechPreset speech(Integer sampleRate, PipelineOptions pipeline, FeatureOptions features) {
        if (!SPEECH_LOGMEL.equals(preset)) {
            throw new ParameterException(spec.commandLine(), "--preset: " + SPEECH_LOGMEL + ", got " + preset);
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : NOT_IN_PRESET) {
            if (parsed.hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + " is not a setting of --preset "
                        + SPEECH_LOGMEL + " (it takes --frame, --batch, --buffer, --n-fft, --hop-length, --n-mels, "
                        + "--whisper-scale, --crops, --sample-rate)");
            }
        }
        try {
            SpeechPreset speech = SpeechPreset.logMel();
            if (sampleRate != null) {
                speech = speech.sampleRate(sampleRate);
            }
            if (pipeline.frame != null) {
                speech = speech.seconds(pipeline.frame / (double) speech.sampleRate());
            }
            if (pipeline.batch != null) {
                speech = speech.batch(pipeline.batch);
            }
            if (pipeline.buffer != null) {
                speech = speech.shuffle(pipeline.buffer);
            }
            if (crops != null) {
                speech = speech.randomCrops(crops);
            }
            if (features != null) {
                speech = withFeatures(speech, parsed, features);
            }
            speech.extractor();
            return speech;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--preset " + SPEECH_LOGMEL + ": " + e.getMessage());
        }
    }

    private static SpeechPreset withFeatures(SpeechPreset speech, ParseResult parsed, FeatureOptions features) {
        SpeechPreset changed = speech;
        if (parsed.hasMatchedOption("--n-fft")) {
            changed = changed.nFft(features.nFft);
        }
        if (features.hopLength != null) {
            changed = changed.hopLength(features.hopLength);
        }
        if (parsed.hasMatchedOption("--n-mels")) {
            changed = changed.nMels(features.nMels);
        }
        return changed.whisperScale(features.whisperScale);
    }
}
