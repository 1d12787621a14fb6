package io.reactiveaudio.augment.filter;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;

/**
 * A band-pass made of a Butterworth high-pass and low-pass (audiomentations {@code BandPassFilter}:
 * {@code min_center_freq}/{@code max_center_freq} in Hz, drawn in mel, and
 * {@code min_bandwidth_fraction}/{@code max_bandwidth_fraction}): with centre {@code f} and
 * bandwidth {@code b = fraction * f}, the edges are {@code f - b/2} and {@code f + b/2}, each -3 dB,
 * with the drawn slope (multiples of 12 dB/octave) outside. An upper edge at or above Nyquist is
 * left open. Records {@code center_hz}, {@code bandwidth_fraction} and {@code rolloff}.
 * Immutable and thread-safe.
 */
public final class BandPass implements Augmentation {

    private final Range centerHz;
    private final Range bandwidthFraction;
    private final Range rolloff;

    private BandPass(Range centerHz, Range bandwidthFraction, Range rolloff) {
        this.centerHz = centerHz;
        this.bandwidthFraction = bandwidthFraction;
        this.rolloff = rolloff;
    }

    /**
     * Centres drawn from {@code [minHz, maxHz]}, bandwidths from {@code [minFraction, maxFraction]}
     * of the centre (within (0, 2)), 12 dB/octave.
     *
     * @throws IllegalArgumentException for invalid ranges
     */
    public static BandPass of(double minHz, double maxHz, double minFraction, double maxFraction) {
        return new BandPass(FilterDraws.frequencies("center_hz", minHz, maxHz),
                new Range("bandwidth_fraction", minFraction, maxFraction).within(1e-3, 1.999),
                FilterDraws.rolloffs(12, 12));
    }

    /** audiomentations' defaults: centres 200..4000 Hz, bandwidths 0.5..1.99, 12..24 dB/octave. */
    public static BandPass defaults() {
        return of(200, 4000, 0.5, 1.99).rolloff(12, 24);
    }

    /**
     * This filter with slopes drawn among the multiples of 12 in {@code [min, max]} dB/octave (up to 96).
     *
     * @throws IllegalArgumentException if the range holds no multiple of 12
     */
    public BandPass rolloff(double min, double max) {
        return new BandPass(centerHz, bandwidthFraction, FilterDraws.rolloffs(min, max));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double center = FilterDraws.frequency(centerHz, context);
        double fraction = bandwidthFraction.draw(context);
        int order = FilterDraws.order(rolloff, context);
        int rate = audio.sampleRate();
        double low = center * (1 - fraction / 2);
        double high = center * (1 + fraction / 2);
        if (low < 0.499 * rate) {
            Pass.HIGH.filter(audio, low, order);
        }
        if (high < 0.499 * rate) {
            Pass.LOW.filter(audio, high, order);
        }
        context.record(Applied.of("BandPass", "center_hz", center, "bandwidth_fraction", fraction,
                "rolloff", 6 * order));
        return audio;
    }

    @Override
    public String toString() {
        return "BandPass(" + centerHz.min() + ".." + centerHz.max() + " Hz, bandwidth "
                + bandwidthFraction.min() + ".." + bandwidthFraction.max() + ")";
    }
}
