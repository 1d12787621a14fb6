package io.reactiveaudio.examples.cli;

import io.reactiveaudio.augment.AudioFiles;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.background.AddBackgroundNoise;
import io.reactiveaudio.augment.filter.BandPass;
import io.reactiveaudio.augment.filter.CutoffFilter;
import io.reactiveaudio.augment.reverb.ApplyImpulseResponse;
import io.reactiveaudio.augment.time.PitchShift;
import io.reactiveaudio.augment.time.SpeedPerturb;
import io.reactiveaudio.augment.time.TimeStretch;
import io.reactiveaudio.augment.wave.AddColoredNoise;
import io.reactiveaudio.augment.wave.AddGaussianSnr;
import io.reactiveaudio.augment.wave.Clip;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.augment.wave.GainTransition;
import io.reactiveaudio.augment.wave.Normalize;
import io.reactiveaudio.augment.wave.PolarityInversion;
import io.reactiveaudio.augment.wave.Shift;
import io.reactiveaudio.augment.wave.TimeMask;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The transforms the {@code augment} command applies, each with fixed gallery parameters chosen so
 * that its effect shows in a spectrogram of a few seconds of speech (ranges stated in
 * {@link #parameters()}; the seed draws within them). Immutable and thread-safe; {@link #create}
 * may read files (noise clips, impulse responses) and so blocks.
 */
enum GalleryTransform {

    GAIN("Gain.db(-18, -12)"),
    GAIN_TRANSITION("GainTransition.of(-30, 0, 0.5, 1.5): from one level to another over 0.5..1.5 s"),
    GAUSSIAN_SNR("AddGaussianSnr.db(5, 15)"),
    COLORED_NOISE("AddColoredNoise.of(5, 15, -6, 6): 5..15 dB SNR, -6..6 dB/octave"),
    BACKGROUND_NOISE("AddBackgroundNoise from --noise (a file or a folder), snrDb(3, 10)"),
    SHIFT("Shift.fraction(0.25, 0.5), rollover"),
    POLARITY("PolarityInversion.create()"),
    TIME_MASK("wave.TimeMask.bandPart(0.1, 0.2)"),
    SPEED("SpeedPerturb.factors(0.9, 1.1): changes the length"),
    TIME_STRETCH("TimeStretch.rate(0.8, 1.25).leaveLengthUnchanged(false): changes the length"),
    PITCH_SHIFT("PitchShift.semitones(2, 4)"),
    LOW_PASS("CutoffFilter.lowPass(1000, 2000).rolloff(24, 24)"),
    HIGH_PASS("CutoffFilter.highPass(1000, 2000).rolloff(24, 24)"),
    BAND_PASS("BandPass.of(800, 1500, 0.5, 1.0).rolloff(24, 24)"),
    IMPULSE_RESPONSE("ApplyImpulseResponse from --ir (a file or a folder), length kept"),
    CLIP("Clip.between(-0.1, 0.1)"),
    NORMALIZE("Normalize.peak()");

    private final String parameters;

    GalleryTransform(String parameters) {
        this.parameters = parameters;
    }

    /** The command-line name: the constant in lower case with hyphens ({@code gain-transition}). */
    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The transform and the parameter ranges it is drawn from. */
    String parameters() {
        return parameters;
    }

    /**
     * The transform by its command-line name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static GalleryTransform named(String name) {
        for (GalleryTransform transform : values()) {
            if (transform.cliName().equals(name)) {
                return transform;
            }
        }
        throw new IllegalArgumentException("unknown transform " + name + "; known: " + names());
    }

    /** Every command-line name, comma-separated. */
    static String names() {
        return Arrays.stream(values()).map(GalleryTransform::cliName).collect(Collectors.joining(", "));
    }

    /**
     * The augmentation. Blocking for {@link #IMPULSE_RESPONSE} (decodes the responses now).
     *
     * @param noise noise clip file or folder, needed by {@link #BACKGROUND_NOISE} only (else may be null)
     * @param ir impulse-response file or folder, needed by {@link #IMPULSE_RESPONSE} only (else may be null)
     * @throws IllegalArgumentException when a needed file is missing
     */
    Augmentation create(Path noise, Path ir) {
        return switch (this) {
            case GAIN -> Gain.db(-18, -12);
            case GAIN_TRANSITION -> GainTransition.of(-30, 0, 0.5, 1.5);
            case GAUSSIAN_SNR -> AddGaussianSnr.db(5, 15);
            case COLORED_NOISE -> AddColoredNoise.of(5, 15, -6, 6);
            case BACKGROUND_NOISE -> (Files.isDirectory(required(noise, "--noise"))
                    ? AddBackgroundNoise.fromFolder(noise) : AddBackgroundNoise.fromFiles(List.of(noise))).snrDb(3, 10);
            case SHIFT -> Shift.fraction(0.25, 0.5);
            case POLARITY -> PolarityInversion.create();
            case TIME_MASK -> TimeMask.bandPart(0.1, 0.2);
            case SPEED -> SpeedPerturb.factors(0.9, 1.1);
            case TIME_STRETCH -> TimeStretch.rate(0.8, 1.25).leaveLengthUnchanged(false);
            case PITCH_SHIFT -> PitchShift.semitones(2, 4);
            case LOW_PASS -> CutoffFilter.lowPass(1000, 2000).rolloff(24, 24);
            case HIGH_PASS -> CutoffFilter.highPass(1000, 2000).rolloff(24, 24);
            case BAND_PASS -> BandPass.of(800, 1500, 0.5, 1.0).rolloff(24, 24);
            case IMPULSE_RESPONSE -> impulseResponse(required(ir, "--ir"));
            case CLIP -> Clip.between(-0.1, 0.1);
            case NORMALIZE -> Normalize.peak();
        };
    }

    private Path required(Path file, String option) {
        if (file == null) {
            throw new IllegalArgumentException(cliName() + " needs " + option);
        }
        return file;
    }

    private static ApplyImpulseResponse impulseResponse(Path ir) {
        if (Files.isDirectory(ir)) {
            return ApplyImpulseResponse.fromFolder(ir);
        }
        DecodedAudio response = AudioDecoders.standard().decode(ir);
        return ApplyImpulseResponse.of(List.of(AudioFiles.mono(response)), response.info().sampleRate());
    }
}
