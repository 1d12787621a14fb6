package io.reactiveaudio.features.stage;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.StftSettings;
import io.reactiveaudio.test.Signals;
import java.nio.file.Path;

/** Noise segments and clips, and the offline features they must give; for the operator tests. */
final class TestAudio {

    static final int RATE = 16_000;
    /** A small STFT: n_fft 32, hop 8, Hann, centred with reflect padding. */
    static final FeatureExtractor SPECTROGRAM = NaiveSpectrogram.of(StftSettings.of(32).withHopLength(8));

    private TestAudio() {
    }

    /** Noise of {@code frames} frames and {@code channels} channels, seeded by (source, ordinal). */
    static Segment segment(long sourceIndex, long ordinal, int frames, int channels) {
        AudioSource source = new AudioSource(sourceIndex, Path.of("s" + sourceIndex + ".wav"), "c" + sourceIndex % 3,
                (int) (sourceIndex % 3), 0, AudioSource.TO_END);
        float[] samples = Signals.noise(sourceIndex * 1_000 + ordinal, RATE, channels, frames, 0.5);
        return new Segment(source, ordinal, samples, frames, channels, RATE);
    }

    /** Channel {@code channel} of the first {@code frames} frames of an interleaved signal. */
    static float[] channel(float[] interleaved, int channels, int channel, int frames) {
        float[] out = new float[frames];
        for (int t = 0; t < frames; t++) {
            out[t] = interleaved[t * channels + channel];
        }
        return out;
    }

    /** The extractor's features of a whole mono signal, computed directly. */
    static float[] offline(FeatureExtractor extractor, float[] signal, FeatureLayout layout) {
        float[] out = new float[extractor.bins() * extractor.frames(signal.length)];
        extractor.newWorker().compute(signal, 0, signal.length, out, 0, layout);
        return out;
    }
}
