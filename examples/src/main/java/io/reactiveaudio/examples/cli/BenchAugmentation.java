package io.reactiveaudio.examples.cli;

import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Compose;
import io.reactiveaudio.augment.filter.CutoffFilter;
import io.reactiveaudio.augment.time.SpeedPerturb;
import io.reactiveaudio.augment.wave.AddGaussianSnr;
import io.reactiveaudio.augment.wave.Gain;
import io.reactiveaudio.augment.wave.PolarityInversion;
import io.reactiveaudio.augment.wave.Shift;
import java.util.Locale;
import java.util.Optional;

/**
 * The augmentation chains {@code bench --augment} names (see docs/augmentations.md):
 * <ul>
 *   <li>{@code none}: no augmentation stage;</li>
 *   <li>{@code default}: {@code Gain} -6..6 dB, {@code AddGaussianSnr} 10..40 dB with p 0.5,
 *       {@code PolarityInversion} with p 0.5, {@code Shift} by -0.5..0.5 of the segment with rollover,
 *       and a {@code LowPass} biquad with its cut-off at 2..8 kHz with p 0.5;</li>
 *   <li>{@code default+speed}: {@code default} followed by {@code SpeedPerturb} 0.9, 1.0 or 1.1
 *       (the result cut or padded back to the segment by the pipeline).</li>
 * </ul>
 */
enum BenchAugmentation {
    NONE,
    DEFAULT,
    DEFAULT_SPEED;

    /** The chain of the name given on the command line. */
    static BenchAugmentation named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "default" -> DEFAULT;
            case "default+speed" -> DEFAULT_SPEED;
            default -> throw new IllegalArgumentException("--augment: none, default or default+speed, got " + name);
        };
    }

    /** The name as given on the command line and reported in the JSON. */
    String cliName() {
        return this == DEFAULT_SPEED ? "default+speed" : name().toLowerCase(Locale.ROOT);
    }

    /** The chain, or nothing for {@code none}. */
    Optional<Augmentation> chain() {
        Augmentation cheap = Compose.of(Gain.db(-6, 6), AddGaussianSnr.db(10, 40).p(0.5),
                PolarityInversion.create().p(0.5), Shift.fraction(-0.5, 0.5), CutoffFilter.lowPass(2_000, 8_000).p(0.5));
        return switch (this) {
            case NONE -> Optional.empty();
            case DEFAULT -> Optional.of(cheap);
            case DEFAULT_SPEED -> Optional.of(Compose.of(cheap, SpeedPerturb.defaults()));
        };
    }
}
