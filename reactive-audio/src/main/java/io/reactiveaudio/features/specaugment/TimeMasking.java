package io.reactiveaudio.features.specaugment;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.AugmentContext;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * SpecAugment's time masking (torchaudio {@code TimeMasking(time_mask_param, p)}, applied
 * {@code count} times) on features; for masking the waveform see
 * {@link io.reactiveaudio.augment.wave.TimeMask}. With T the item's valid frames, each mask draws
 * a width {@code t} uniformly from {@code 0..min(maxWidth, floor(maxProportion * T))} and a first
 * frame {@code t0} uniformly from {@code 0..T - t}, and sets every bin of frames
 * {@code [t0, t0 + t)} in every channel to the {@link MaskValue} (zero by default). Padding frames
 * after T are never masked. Masks are drawn independently and may overlap. Records one
 * {@code TimeMasking} per mask with {@code start_frame} and {@code width}. Immutable and thread-safe.
 */
public final class TimeMasking implements SpecAugmentation {

    private final int maxWidth;
    private final int count;
    private final double maxProportion;
    private final MaskValue value;

    private TimeMasking(int maxWidth, int count, double maxProportion, MaskValue value) {
        this.maxWidth = maxWidth;
        this.count = count;
        this.maxProportion = maxProportion;
        this.value = value;
    }

    /**
     * {@code count} masks of at most {@code maxWidth} frames each (torchaudio's
     * {@code time_mask_param}; the paper's T and m_T), no bound by proportion, masking with zeros.
     *
     * @throws IllegalArgumentException unless {@code maxWidth >= 1} and {@code count >= 1}
     */
    public static TimeMasking of(int maxWidth, int count) {
        if (maxWidth < 1 || count < 1) {
            throw new IllegalArgumentException("TimeMasking needs maxWidth >= 1 and count >= 1, got maxWidth "
                    + maxWidth + ", count " + count);
        }
        return new TimeMasking(maxWidth, count, 1.0, MaskValue.ZERO);
    }

    /**
     * These masks, each at most {@code proportion} of the item's valid frames wide (torchaudio's
     * {@code p}, the paper's upper bound p).
     *
     * @throws IllegalArgumentException unless {@code 0 < proportion <= 1}
     */
    public TimeMasking maxProportion(double proportion) {
        if (!(proportion > 0 && proportion <= 1)) {
            throw new IllegalArgumentException("maxProportion must be in (0, 1], got " + proportion);
        }
        return new TimeMasking(maxWidth, count, proportion, value);
    }

    /** These masks writing {@code maskValue} instead. */
    public TimeMasking maskValue(MaskValue maskValue) {
        return new TimeMasking(maxWidth, count, maxProportion, Objects.requireNonNull(maskValue, "maskValue"));
    }

    @Override
    public void apply(FeatureView features, AugmentContext context) {
        SplittableRandom random = context.random();
        int frames = features.validFrames();
        int widest = (int) Math.min(maxWidth, Math.floor(maxProportion * frames));
        float fill = value == MaskValue.MEAN ? (float) features.mean() : 0f;
        for (int m = 0; m < count; m++) {
            int width = random.nextInt(widest + 1);
            int start = random.nextInt(frames - width + 1);
            features.fillFrames(start, start + width, fill);
            context.record(Applied.of("TimeMask", "start_frame", start, "width", width));
        }
    }

    @Override
    public String toString() {
        return "TimeMasking(" + count + " x up to " + maxWidth + " frames, at most " + maxProportion + " of the item, "
                + value + ")";
    }
}
