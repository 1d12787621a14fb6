package io.reactiveaudio.netty.client;

import io.reactiveaudio.features.FeatureExtractor;
import io.reactiveaudio.features.PadMode;
import io.reactiveaudio.features.StftSettings;

/** A one-bin feature for tests: each frame's mean square over {@code n_fft} samples, frames not centred. */
final class FrameEnergy implements FeatureExtractor {

    private final StftSettings stft;

    FrameEnergy(int nFft, int hop) {
        this.stft = StftSettings.of(nFft).withHopLength(hop).withCenter(false, PadMode.CONSTANT);
    }

    private FrameEnergy(StftSettings stft) {
        this.stft = stft;
    }

    @Override
    public int bins() {
        return 1;
    }

    @Override
    public StftSettings stft() {
        return stft;
    }

    @Override
    public FeatureExtractor withStft(StftSettings settings) {
        return new FrameEnergy(settings);
    }

    @Override
    public boolean frameLocal() {
        return true;
    }

    @Override
    public Worker newWorker() {
        return (signal, offset, length, out, outOffset, layout) -> {
            int frames = stft.frames(length);
            for (int t = 0; t < frames; t++) {
                double sum = 0;
                for (int n = 0; n < stft.nFft(); n++) {
                    double x = signal[offset + t * stft.hopLength() + n];
                    sum += x * x;
                }
                out[outOffset + layout.index(0, t, 1, frames)] = (float) (sum / stft.nFft());
            }
        };
    }
}
