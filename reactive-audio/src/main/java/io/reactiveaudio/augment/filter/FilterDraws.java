package io.reactiveaudio.augment.filter;

import io.reactiveaudio.augment.AugmentContext;
import io.reactiveaudio.augment.Range;

/**
 * How the filter augmentations draw their settings: frequencies uniformly on the HTK mel scale
 * (as audiomentations does, so low cut-offs are as likely per perceived pitch step as high ones),
 * slopes uniformly among the multiples of 12 dB/octave in the range. Stateless.
 */
final class FilterDraws {

    private FilterDraws() {
    }

    /** A frequency range in Hz, checked to be positive and ordered. */
    static Range frequencies(String name, double minHz, double maxHz) {
        return new Range(name, minHz, maxHz).within(1e-3, 1e6);
    }

    /** A slope range in dB/octave, checked to contain a multiple of 12 up to 96. */
    static Range rolloffs(double minDbPerOctave, double maxDbPerOctave) {
        Range range = new Range("rolloff", minDbPerOctave, maxDbPerOctave).within(12, 96);
        if (Math.floor(range.max() / 12) * 12 < range.min()) {
            throw new IllegalArgumentException("rolloff range " + range.min() + ".." + range.max()
                    + " dB/octave contains no multiple of 12 (slopes are 12, 24, ... dB/octave)");
        }
        return range;
    }

    /** A frequency drawn uniformly in mel between the range's bounds, in Hz. */
    static double frequency(Range hz, AugmentContext context) {
        return melToHz(context.uniform(hzToMel(hz.min()), hzToMel(hz.max())));
    }

    /** A filter order (slope / 6) drawn uniformly among the multiples of 12 dB/octave in the range. */
    static int order(Range rolloff, AugmentContext context) {
        int lowest = (int) Math.ceil(rolloff.min() / 12);
        int highest = (int) Math.floor(rolloff.max() / 12);
        return 2 * (lowest + context.random().nextInt(highest - lowest + 1));
    }

    /** A frequency capped just below Nyquist, where a filter can still be designed. */
    static double belowNyquist(double hz, int sampleRate) {
        return Math.min(hz, 0.499 * sampleRate);
    }

    private static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
