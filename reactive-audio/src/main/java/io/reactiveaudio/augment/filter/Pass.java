package io.reactiveaudio.augment.filter;

import io.reactiveaudio.augment.Audio;
import io.reactiveaudio.dsp.biquad.ButterworthFilter;

/**
 * The side of a cut-off that a Butterworth filter passes, with the name a {@link CutoffFilter}
 * records and the defaults audiomentations gives its filter. Stateless.
 */
enum Pass {

    /** Passes below the cut-off: audiomentations {@code LowPassFilter}, 150..7500 Hz by default. */
    LOW("LowPass", 150, 7500),
    /** Passes above the cut-off: audiomentations {@code HighPassFilter}, 20..2400 Hz by default. */
    HIGH("HighPass", 20, 2400);

    /** The transform's name in an {@code Applied} record and in {@code toString}. */
    final String transform;
    /** The lowest default cut-off, in Hz. */
    final double defaultMinHz;
    /** The highest default cut-off, in Hz. */
    final double defaultMaxHz;

    Pass(String transform, double defaultMinHz, double defaultMaxHz) {
        this.transform = transform;
        this.defaultMinHz = defaultMinHz;
        this.defaultMaxHz = defaultMaxHz;
    }

    /**
     * Filters {@code audio} in place: -3 dB at {@code cutoffHz} (below Nyquist), falling by
     * {@code 6 * order} dB/octave on the side this pass stops.
     */
    void filter(Audio audio, double cutoffHz, int order) {
        ButterworthFilter design = this == LOW
                ? ButterworthFilter.lowPass(cutoffHz, audio.sampleRate(), order)
                : ButterworthFilter.highPass(cutoffHz, audio.sampleRate(), order);
        design.process(audio.samples(), audio.channels());
    }
}
