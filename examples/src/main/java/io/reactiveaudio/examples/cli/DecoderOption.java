package io.reactiveaudio.examples.cli;

import io.reactiveaudio.codec.AudioDecoders;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --decoder auto|jlayer|ffmpeg} option of the commands that decode. */
final class DecoderOption {

    @Option(names = "--decoder", paramLabel = "auto|jlayer|ffmpeg", defaultValue = AudioDecoders.AUTO,
            description = "Decoder backend tried first: auto (default: FFmpeg when bundled, else the built-in "
                    + "pure-Java decoders), jlayer (built-in) or ffmpeg. Formats it does not read go to the others.")
    String backend;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The registry with the chosen backend first. */
    AudioDecoders decoders() {
        try {
            return AudioDecoders.preferring(backend);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--decoder: " + e.getMessage());
        }
    }

    /** The backend that is tried first ({@code auto} resolved). */
    String resolved() {
        return backend.equalsIgnoreCase(AudioDecoders.AUTO) ? AudioDecoders.backends().get(0) : backend.toLowerCase(java.util.Locale.ROOT);
    }
}
