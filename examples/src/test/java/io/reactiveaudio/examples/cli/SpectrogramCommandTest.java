package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioInfo;
import io.reactiveaudio.audio.Codec;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.features.FeatureLayout;
import io.reactiveaudio.features.mel.LogMel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpectrogramCommandTest {

    @Test
    void bandCentresAreEvenlySpacedOnTheHtkMelScaleBelowNyquist() {
        double[] hz = SpectrogramCommand.centreHz(80, 16_000);

        double step = 2595 * Math.log10(1 + 8000 / 700.0) / 81;
        for (int m = 0; m < hz.length; m++) {
            assertEquals(step * (m + 1), 2595 * Math.log10(1 + hz[m] / 700), 1e-9);
        }
        assertTrue(hz[79] < 8000);
    }

    @Test
    void theLogMelExtractorPutsASineInTheBandWhoseCentreIsNearestItsFrequency() {
        int rate = 16_000;
        float[] sine = new float[rate];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / rate));
        }
        LogMel logMel = LogMel.builder().sampleRate(rate).nFft(1024).hopLength(256).nMels(64).build();
        int frames = logMel.frames(sine.length);
        float[] values = new float[64 * frames];
        logMel.newWorker().compute(sine, 0, sine.length, values, 0, FeatureLayout.BINS_FRAMES);

        double[] centres = SpectrogramCommand.centreHz(64, rate);
        int frame = frames / 2;
        int loudest = 0;
        int nearest = 0;
        for (int m = 1; m < 64; m++) {
            if (values[m * frames + frame] > values[loudest * frames + frame]) {
                loudest = m;
            }
            if (Math.abs(centres[m] - 1000) < Math.abs(centres[nearest] - 1000)) {
                nearest = m;
            }
        }
        assertEquals(nearest, loudest);
    }

    @Test
    void channelsAreMixedToTheirAverage() {
        AudioInfo stereo = new AudioInfo(Path.of("x.wav"), Codec.WAV, 8000, 2, 2, 16, Optional.empty());
        float[] mono = SpectrogramCommand.mono(new DecodedAudio(stereo, new float[] {1f, 0f, -0.5f, 0.25f}));
        assertEquals(2, mono.length);
        assertEquals(0.5f, mono[0]);
        assertEquals(-0.125f, mono[1]);
    }
}
