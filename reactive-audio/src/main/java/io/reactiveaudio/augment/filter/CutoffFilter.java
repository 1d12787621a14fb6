package io.reactiveaudio.augment.filter;

import io.reactiveaudio.audio.Applied;
import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Augmentation;
import io.reactiveaudio.augment.Range;

/**
 * A Butterworth low-pass or high-pass with a drawn cut-off and slope (audiomentations
 * {@code LowPassFilter} and {@code HighPassFilter}: {@code min_cutoff_freq}/{@code max_cutoff_freq}
 * in Hz, {@code min_rolloff}/{@code max_rolloff} in dB/octave, here multiples of 12): -3 dB at the
 * cut-off, falling by the slope above it (low-pass) or below it (high-pass). A cut-off at or above
 * Nyquist is capped just below it. Records {@code cutoff_hz} and {@code rolloff} under the name
 * {@code LowPass} or {@code HighPass}. Immutable and thread-safe.
 */
public final class CutoffFilter implements Augmentation {

    private final Pass pass;
    private final Range cutoffHz;
    private final Range rolloff;

    private CutoffFilter(Pass pass, Range cutoffHz, Range rolloff) {
        this.pass = pass;
        this.cutoffHz = cutoffHz;
        this.rolloff = rolloff;
    }

    /**
     * A low-pass with its cut-off drawn from {@code [minHz, maxHz]}, 12 dB/octave.
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static CutoffFilter lowPass(double minHz, double maxHz) {
        return of(Pass.LOW, minHz, maxHz);
    }

    /**
     * A high-pass with its cut-off drawn from {@code [minHz, maxHz]}, 12 dB/octave.
     *
     * @throws IllegalArgumentException for an invalid range
     */
    public static CutoffFilter highPass(double minHz, double maxHz) {
        return of(Pass.HIGH, minHz, maxHz);
    }

    /** audiomentations' low-pass defaults: 150..7500 Hz, 12..24 dB/octave. */
    public static CutoffFilter lowPassDefaults() {
        return defaults(Pass.LOW);
    }

    /** audiomentations' high-pass defaults: 20..2400 Hz, 12..24 dB/octave. */
    public static CutoffFilter highPassDefaults() {
        return defaults(Pass.HIGH);
    }

    /**
     * This filter with slopes drawn among the multiples of 12 in {@code [min, max]} dB/octave (up to 96).
     *
     * @throws IllegalArgumentException if the range holds no multiple of 12
     */
    public CutoffFilter rolloff(double min, double max) {
        return new CutoffFilter(pass, cutoffHz, FilterDraws.rolloffs(min, max));
    }

    @Override
    public Audio apply(Audio audio, AugmentContext context) {
        double cutoff = FilterDraws.belowNyquist(FilterDraws.frequency(cutoffHz, context), audio.sampleRate());
        int order = FilterDraws.order(rolloff, context);
        pass.filter(audio, cutoff, order);
        context.record(Applied.of(pass.transform, "cutoff_hz", cutoff, "rolloff", 6 * order));
        return audio;
    }

    @Override
    public String toString() {
        return pass.transform + "(" + cutoffHz.min() + ".." + cutoffHz.max() + " Hz, " + rolloff.min() + ".."
                + rolloff.max() + " dB/oct)";
    }

    private static CutoffFilter of(Pass pass, double minHz, double maxHz) {
        return new CutoffFilter(pass, FilterDraws.frequencies("cutoff_hz", minHz, maxHz), FilterDraws.rolloffs(12, 12));
    }

    private static CutoffFilter defaults(Pass pass) {
        return of(pass, pass.defaultMinHz, pass.defaultMaxHz).rolloff(12, 24);
    }
}
