package io.reactiveaudio.augment.filter;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;
import io.reactiveaudio.dsp.biquad.ButterworthFilter;

/**
 * A Butterworth high-pass with a drawn cut-off and slope (audiomentations {@code HighPassFilter}:
 * {@code min_cutoff_freq}/{@code max_cutoff_freq} in Hz, {@code min_rolloff}/{@code max_rolloff} in
 * dB/octave, here multiples of 12): -3 dB at the cut-off, falling by the slope below it. A cut-off
 * at or above Nyquist is capped just below it. Records {@code cutoff_hz} and {@code rolloff}.
 * Immutable and thread-safe.
 */
public final class HighPass implements Augmentation {

    private final Range cutoffHz;
    private final Range rolloff;

    private HighPass(Range cutoffHz, Range rolloff) {
        this.cutoffHz = cutoffHz;
        this.rolloff = rolloff;
    }

    /**
     * A cut-off drawn from {@code [minHz, maxHz]}, 12 dB/octave.
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static HighPass hz(double minHz, double maxHz) {
        return new HighPass(FilterDraws.frequencies("cutoff_hz", minHz, maxHz), FilterDraws.rolloffs(12, 12));
    }

    /** audiomentations' defaults: 20..2400 Hz, 12..24 dB/octave. */
    public static HighPass defaults() {
        return hz(20, 2400).rolloff(12, 24);
    }

    /**
     * This filter with slopes drawn among the multiples of 12 in {@code [min, max]} dB/octave (up to 96).
     *
     * @throws IllegalArgumentException if the range holds no multiple of 12
     */
    public HighPass rolloff(double min, double max) {
        return new HighPass(cutoffHz, FilterDraws.rolloffs(min, max));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double cutoff = FilterDraws.belowNyquist(FilterDraws.frequency(cutoffHz, context), audio.sampleRate());
        int order = FilterDraws.order(rolloff, context);
        ButterworthFilter.highPass(cutoff, audio.sampleRate(), order).process(audio.samples(), audio.channels());
        context.record(Applied.of("HighPass", "cutoff_hz", cutoff, "rolloff", 6 * order));
        return audio;
    }

    @Override
    public String toString() {
        return "HighPass(" + cutoffHz.min() + ".." + cutoffHz.max() + " Hz, " + rolloff.min() + ".." + rolloff.max() + " dB/oct)";
    }
}
