package io.reactiveaudio.augment.time;

import io.reactiveaudio.augment.Audio;

/** Test signals, and the frequency of a tone measured from its interpolated zero crossings. */
final class Tones {

    private Tones() {
    }

    /** A stereo sine of {@code hz}: left at amplitude 0.5, right exactly half the left. */
    static Audio stereoSine(double hz, int frames, int sampleRate) {
        float[] samples = new float[2 * frames];
        for (int t = 0; t < frames; t++) {
            samples[2 * t] = (float) (0.5 * Math.sin(2 * Math.PI * hz * t / sampleRate));
            samples[2 * t + 1] = samples[2 * t] / 2;
        }
        return new Audio(samples, frames, 2, sampleRate);
    }

    /**
     * The frequency in Hz of a tone in one channel over frames {@code [from, to)}: rising zero
     * crossings, each placed between its two samples by linear interpolation, counted against
     * the time from the first to the last.
     */
    static double frequencyHz(Audio audio, int channel, int from, int to) {
        float[] s = audio.samples();
        int channels = audio.channels();
        double first = Double.NaN;
        double last = Double.NaN;
        int crossings = 0;
        for (int t = from + 1; t < to; t++) {
            float before = s[(t - 1) * channels + channel];
            float after = s[t * channels + channel];
            if (before < 0 && after >= 0) {
                double at = t - 1 + before / (double) (before - after);
                if (crossings == 0) {
                    first = at;
                }
                last = at;
                crossings++;
            }
        }
        return (crossings - 1) / (last - first) * audio.sampleRate();
    }

    /** Whether every right sample is exactly half its left one. */
    static boolean rightIsHalfLeft(Audio audio) {
        float[] s = audio.samples();
        for (int t = 0; t < audio.frames(); t++) {
            if (s[2 * t + 1] != s[2 * t] / 2) {
                return false;
            }
        }
        return true;
    }
}
