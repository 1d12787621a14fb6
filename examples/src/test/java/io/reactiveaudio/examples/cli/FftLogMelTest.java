package io.reactiveaudio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.decode.AudioInfo;
import io.reactiveaudio.decode.Codec;
import io.reactiveaudio.decode.DecodedAudio;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FftLogMelTest {

    private static float[] sine(double hz, int rate, int samples) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    @Test
    void centredFramesOneEveryHopAndOneRowPerMelBand() {
        LogMelSource.LogMel mel = new FftLogMel(512, 160, 40).compute(new float[16_000], 16_000);

        assertEquals(40, mel.bins());
        assertEquals(1 + 16_000 / 160, mel.frames());
        assertEquals(160, mel.hopLength());
        assertEquals(40 * mel.frames(), mel.values().length);
    }

    @Test
    void bandCentresAreEvenlySpacedOnTheHtkMelScaleBelowNyquist() {
        double[] hz = new FftLogMel(1024, 256, 80).compute(new float[2048], 16_000).centreHz();

        double step = 2595 * Math.log10(1 + 8000 / 700.0) / 81;
        for (int m = 0; m < hz.length; m++) {
            assertEquals(step * (m + 1), 2595 * Math.log10(1 + hz[m] / 700), 1e-9);
        }
        assertTrue(hz[79] < 8000);
    }

    @Test
    void aSineIsLoudestInTheBandCentredNearestItsFrequency() {
        LogMelSource.LogMel mel = new FftLogMel(1024, 256, 64).compute(sine(1000, 16_000, 16_000), 16_000);

        int frame = mel.frames() / 2;
        int loudest = 0;
        for (int m = 1; m < mel.bins(); m++) {
            if (mel.values()[m * mel.frames() + frame] > mel.values()[loudest * mel.frames() + frame]) {
                loudest = m;
            }
        }
        int nearest = 0;
        for (int m = 1; m < mel.bins(); m++) {
            if (Math.abs(mel.centreHz()[m] - 1000) < Math.abs(mel.centreHz()[nearest] - 1000)) {
                nearest = m;
            }
        }
        assertEquals(nearest, loudest);
        assertTrue(mel.values()[loudest * mel.frames() + frame] > mel.values()[(loudest + 10) * mel.frames() + frame] + 60,
                "a band ten bands up is more than 60 dB quieter");
    }

    @Test
    void silenceIsTheFloorOfMinusOneHundredDecibels() {
        LogMelSource.LogMel mel = new FftLogMel(256, 64, 20).compute(new float[1000], 8000);
        for (float v : mel.values()) {
            assertEquals(-100f, v);
        }
    }

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        assertEquals(1, FftLogMel.reflect(-1, 5));
        assertEquals(4, FftLogMel.reflect(-4, 5));
        assertEquals(3, FftLogMel.reflect(5, 5));
        assertEquals(0, FftLogMel.reflect(8, 5), "bounces off both ends for signals shorter than half a window");
        assertEquals(0, FftLogMel.reflect(-7, 1));
    }

    @Test
    void rejectsEmptySignalsAndBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new FftLogMel(1024, 256, 80).compute(new float[0], 16_000));
        assertThrows(IllegalArgumentException.class, () -> new FftLogMel(1, 256, 80));
        assertThrows(IllegalArgumentException.class, () -> new FftLogMel(1024, 0, 80));
    }

    @Test
    void theCommandMixesChannelsToTheirAverage() {
        AudioInfo stereo = new AudioInfo(Path.of("x.wav"), Codec.WAV, 8000, 2, 2, 16, Optional.empty());
        float[] mono = SpectrogramCommand.mono(new DecodedAudio(stereo, new float[] {1f, 0f, -0.5f, 0.25f}));
        assertEquals(2, mono.length);
        assertEquals(0.5f, mono[0]);
        assertEquals(-0.125f, mono[1]);
    }
}
