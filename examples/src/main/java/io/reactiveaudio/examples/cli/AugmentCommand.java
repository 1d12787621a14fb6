package io.reactiveaudio.examples.cli;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.examples.encode.PcmFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code reactive-audio augment FILE --out OUT.wav --transform NAME [--seed S]}: applies one
 * {@link GalleryTransform} to a whole file, all channels kept, and writes the result as float32 WAV.
 * The draws come from {@code AugmentContext.forItem(seed, 0, 0, 0)}, as a pipeline's first augment
 * stage draws for source 0's first segment in epoch 0, so the same seed gives the same output. The
 * file is decoded into memory whole; decoding, augmenting and writing run on a bounded-elastic thread.
 */
@Command(name = "augment", description = "Applies one augmentation with fixed gallery parameters to FILE "
        + "(all channels) and writes OUT as float32 WAV; prints what was drawn.")
final class AugmentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "An MP3, WAV or FLAC file.")
    Path file;

    @Option(names = "--out", paramLabel = "OUT.wav", required = true, description = "The float32 WAV to write.")
    Path out;

    @Option(names = "--transform", paramLabel = "NAME", required = true,
            description = "One of: gain, gain-transition, gaussian-snr, colored-noise, background-noise, shift, "
                    + "polarity, time-mask, speed, time-stretch, pitch-shift, low-pass, high-pass, band-pass, "
                    + "impulse-response, clip, normalize.")
    String transform;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the draws (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise", paramLabel = "PATH", description = "Noise clip (file or folder) for background-noise.")
    Path noise;

    @Option(names = "--ir", paramLabel = "PATH", description = "Impulse response (file or folder) for impulse-response.")
    Path ir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GalleryTransform chosen;
        try {
            chosen = GalleryTransform.named(transform);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if ((chosen == GalleryTransform.BACKGROUND_NOISE && noise == null)
                || (chosen == GalleryTransform.IMPULSE_RESPONSE && ir == null)) {
            throw new ParameterException(spec.commandLine(), transform + " needs "
                    + (chosen == GalleryTransform.BACKGROUND_NOISE ? "--noise" : "--ir"));
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")) {
            throw new ParameterException(spec.commandLine(), "--out must name a .wav file, got " + out);
        }
        String summary = Mono.fromCallable(() -> augment(chosen)).subscribeOn(Schedulers.boundedElastic()).block();
        spec.commandLine().getOut().println(summary);
        return 0;
    }

    private String augment(GalleryTransform chosen) throws IOException {
        Augmentation augmentation = chosen.create(noise, ir);
        DecodedAudio decoded = AudioDecoders.standard().decode(file);
        if (decoded.frames() == 0) {
            throw new IllegalArgumentException(file + ": no audio");
        }
        Audio audio = new Audio(decoded.samples(), (int) decoded.frames(), decoded.info().channels(),
                decoded.info().sampleRate());
        AugmentContext context = AugmentContext.forItem(seed, 0, 0, 0);
        Audio result = augmentation.apply(audio, context);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (PcmFileWriter writer = PcmFileWriter.create(out, result.channels(), result.sampleRate())) {
            writer.write(result.samples(), result.frames());
        }
        return String.format(Locale.ROOT, "wrote %s: %d frames x %d channels at %d Hz (%.2f s); %s: %s", out,
                result.frames(), result.channels(), result.sampleRate(), result.seconds(), chosen.parameters(),
                context.applied());
    }
}
