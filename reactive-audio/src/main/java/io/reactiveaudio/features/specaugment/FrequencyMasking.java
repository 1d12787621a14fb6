package io.reactiveaudio.features.specaugment;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.AugmentContext;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * SpecAugment's frequency masking (torchaudio {@code FrequencyMasking(freq_mask_param)}, applied
 * {@code count} times): each mask draws a width {@code f} uniformly from {@code 0..min(maxWidth, bins)}
 * and a first bin {@code f0} uniformly from {@code 0..bins - f}, and sets bins {@code [f0, f0 + f)}
 * of the item's valid frames, in every channel, to the {@link MaskValue} (zero by default). Masks
 * are drawn independently and may overlap. Records one {@code FrequencyMasking} per mask with
 * {@code start_bin} and {@code width} (a width of 0 masks nothing). Immutable and thread-safe.
 */
public final class FrequencyMasking implements SpecAugmentation {

    private final int maxWidth;
    private final int count;
    private final MaskValue value;

    private FrequencyMasking(int maxWidth, int count, MaskValue value) {
        this.maxWidth = maxWidth;
        this.count = count;
        this.value = value;
    }

    /**
     * {@code count} masks of at most {@code maxWidth} bins each (torchaudio's
     * {@code freq_mask_param}; the SpecAugment paper's F and m_F), masking with zeros.
     *
     * @throws IllegalArgumentException unless {@code maxWidth >= 1} and {@code count >= 1}
     */
    public static FrequencyMasking of(int maxWidth, int count) {
        if (maxWidth < 1 || count < 1) {
            throw new IllegalArgumentException("FrequencyMasking needs maxWidth >= 1 and count >= 1, got maxWidth "
                    + maxWidth + ", count " + count);
        }
        return new FrequencyMasking(maxWidth, count, MaskValue.ZERO);
    }

    /** These masks writing {@code maskValue} instead. */
    public FrequencyMasking maskValue(MaskValue maskValue) {
        return new FrequencyMasking(maxWidth, count, Objects.requireNonNull(maskValue, "maskValue"));
    }

    @Override
    public void apply(FeatureView features, AugmentContext context) {
        SplittableRandom random = context.random();
        int bins = features.bins();
        float fill = value == MaskValue.MEAN ? (float) features.mean() : 0f;
        for (int m = 0; m < count; m++) {
            int width = random.nextInt(Math.min(maxWidth, bins) + 1);
            int start = random.nextInt(bins - width + 1);
            features.fillBins(start, start + width, fill);
            context.record(Applied.of("FrequencyMask", "start_bin", start, "width", width));
        }
    }

    @Override
    public String toString() {
        return "FrequencyMasking(" + count + " x up to " + maxWidth + " bins, " + value + ")";
    }
}
